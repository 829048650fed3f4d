"""Chart builders of the monthly overview: the national map's colour scale as a legend bar under the pydeck map
(csat/maps.py), finished with `theme.themed` like every chart builder.

Pages never build charts themselves; they call these and hand the result to `st.altair_chart(..., theme=None)`.
"""

import altair as alt
import numpy as np
import pandas as pd

from csat import theme

# The legend's height on the page (bar plus axis): Streamlit must be given it, or a thin chart collapses.
LEGEND_HEIGHT = 70


def satisfaction_legend(low: float, high: float, title: str) -> alt.Chart:
    """The map's colour scale as a horizontal bar from blue (low) to red (high) with whole-point ticks."""
    steps = pd.DataFrame({"value": np.linspace(low, high, 60)})
    steps["end"] = steps["value"] + ((high - low) / 59 if high > low else 1)
    steps["band"] = ""  # one nominal band: the rects fill the chart's height
    chart = (alt.Chart(steps)
             .mark_rect()
             .encode(x=alt.X("value:Q", scale=alt.Scale(domain=[low, high], nice=False),
                             axis=alt.Axis(title=title, values=list(range(int(low), int(high) + 1)), format=".0f",
                                           grid=False)),
                     x2="end:Q",
                     y=alt.Y("band:N", axis=None),
                     color=alt.Color("value:Q", scale=theme.satisfaction_scale(low, high), legend=None))
             .properties(height=18))
    return theme.themed(chart)
