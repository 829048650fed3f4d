"""Chart builders of the overview page: the map's colour legend (the map itself is csat/maps.py).

Pages never build charts themselves; they call builders and hand the result to `theme.show(...)`.
"""

import altair as alt
import numpy as np
import pandas as pd

from csat import theme

# The legend's height on the page (bar plus axis): Streamlit must be given it, or a thin chart collapses.
LEGEND_HEIGHT = 70


def satisfaction_legend(low: float, high: float, title: str) -> alt.Chart:
    """The map's colour scale as a horizontal bar from red (low, worse) to blue (high, better), ticked every point
    (every five points over a wide range)."""
    steps = pd.DataFrame({"value": np.linspace(low, high, 60)})
    steps["end"] = steps["value"] + ((high - low) / 59 if high > low else 1)
    steps["band"] = ""  # one nominal band: the rects fill the chart's height
    ticks = list(range(int(low), int(high) + 1, 1 if high - low <= 10 else 5))
    chart = (alt.Chart(steps)
             .mark_rect()
             .encode(x=alt.X("value:Q", scale=alt.Scale(domain=[low, high], nice=False),
                             axis=alt.Axis(title=title, values=ticks, format=".0f", grid=False, titleLimit=900)),
                     x2="end:Q",
                     y=alt.Y("band:N", axis=None),
                     color=alt.Color("value:Q", scale=theme.satisfaction_scale(low, high), legend=None))
             .properties(height=18))
    return theme.themed(chart)
