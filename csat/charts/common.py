"""Chart builders: each takes query results (and a translator) and returns an `alt.Chart` in the one theme.

Pages never build charts themselves; they call these and hand the result to `st.altair_chart(..., theme=None)`.
"""

import altair as alt
import numpy as np
import pandas as pd

from csat import theme


def satisfaction_legend(low: float, high: float, title: str) -> alt.Chart:
    """The map's colour scale as a horizontal bar from blue (low) to red (high) with its values."""
    steps = pd.DataFrame({"value": np.linspace(low, high, 60)})
    steps["end"] = steps["value"] + ((high - low) / 59 if high > low else 1)
    chart = (alt.Chart(steps)
             .mark_rect()
             .encode(x=alt.X("value:Q", scale=alt.Scale(domain=[low, high], nice=False),
                             axis=alt.Axis(title=title, tickCount=6, format=".0f", grid=False)),
                     x2="end:Q",
                     # A rect without y collapses to nothing: give it the band's full height explicitly.
                     y=alt.value(0), y2=alt.value(18),
                     color=alt.Color("value:Q", scale=theme.satisfaction_scale(low, high), legend=None))
             .properties(height=18, width="container"))
    return theme.themed(chart)
