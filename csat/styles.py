"""The dashboard's page style beyond the theme (.streamlit/config.toml): narrow screens and print.

- Narrow screens (phones): the sidebar starts closed (st.set_page_config's "auto", csat/frame.py) and closes when
  one of its page links is tapped — Streamlit closes it for its own navigation, not for st.page_link, and a
  sidebar left open covers the page that was asked for. HTML tables keep within the screen's width.
- Print (the browser's print is the handout): no sidebar, no Streamlit chrome, no controls (filters, toggles,
  buttons, downloads, links: `CONTROLS`); the map's and the charts' pictures scaled to the paper instead of cut at
  its edge; every table printed in full (a st.dataframe is drawn on a canvas that browsers do not print:
  csat.components.table adds an HTML copy for paper), wrapped and in smaller type to fit the page; colours (table
  tints, the map) printed as on screen.

Presentation mode has its own style (csat/presentation.py).
"""

import streamlit as st

# Streamlit's "md" breakpoint, where its sidebar turns into an overlay.
NARROW = "(max-width: 767.98px)"
SCREEN_ONLY = "screen_only_"  # container keys (st-key-… classes) shown on one medium only
PRINT_ONLY = "print_only_"
PROBE = "probe_"              # measuring components that draw nothing (csat.components.map_width)
WIDE = "wide_"                # a table wider than the page by design: it scrolls sideways, its first columns pinned
WIDE_CHART = "wide_chart_"    # a chart that needs room (heat table, long row labels): on a phone it keeps its width
WIDE_CHART_MIN_WIDTH = 820    # px: the row labels and six columns of about 100 px, each figure inside its cell
# Controls (Streamlit's data-testid), which paper cannot work: not printed, nor the element box around them (no gap).
# Titles, text, metrics, charts, the map and tables print.
CONTROLS = ("stSelectbox", "stMultiSelect", "stRadio", "stCheckbox", "stButtonGroup", "stSlider", "stDateInput",
            "stDateTimeInput", "stTimeInput", "stTextInput", "stNumberInput", "stTextArea", "stColorPicker",
            "stFileUploader", "stButton", "stDownloadButton", "stFormSubmitButton", "stLinkButton", "stPopover",
            "stPageLink")
# Controls inside an element that prints (a chart's toolbar, the map's zoom buttons): only they are hidden.
ELEMENT_CONTROLS = ("stElementToolbar", "stDeckGlJsonChartZoomButton")
PRINT_HIDDEN_CONTROLS = ", ".join(f'[data-testid="{control}"]' for control in (*CONTROLS, *ELEMENT_CONTROLS))
PRINT_HIDDEN_BOXES = ", ".join(f'[data-testid="stElementContainer"]:has(> [data-testid="{control}"])'
                               for control in CONTROLS)

STYLE = f"""
<style>
[class*="st-key-{PRINT_ONLY}"], [class*="st-key-{PROBE}"] {{ display: none !important; }}

@media {NARROW} {{
    /* A chart that needs room (a heat table, rows of long labels) squeezed to a phone's width drew its figures on
       top of each other or its bars off the screen: it keeps its width and scrolls sideways, like the data grids. */
    [class*="st-key-{WIDE_CHART}"] {{ overflow-x: auto; }}
    [class*="st-key-{WIDE_CHART}"] [data-testid="stVegaLiteChart"] {{ min-width: {WIDE_CHART_MIN_WIDTH}px; }}
    /* On a phone an HTML table (st.table) fits the screen: tighter cells, and a word longer than its column breaks
       rather than pushing the last column past the edge (the long-term plan's "development" did at 390 px). */
    [data-testid="stTable"] th, [data-testid="stTable"] td {{ overflow-wrap: anywhere;
        padding-left: 0.375rem !important; padding-right: 0.375rem !important; }}
    /* A page's tabs wrap onto a second row instead of scrolling sideways: scrolled, the last tabs were off the
       screen and a reader did not know they were there. */
    [data-testid="stTabs"] [role="tablist"] {{ flex-wrap: wrap; row-gap: 0.25rem; overflow-x: visible; }}
}}

@media print {{
    @page {{ margin: 12mm; }}
    * {{ -webkit-print-color-adjust: exact !important; print-color-adjust: exact !important; }}
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
    header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
    [data-testid="stStatusWidget"], [class*="st-key-{SCREEN_ONLY}"], footer {{ display: none !important; }}
    {PRINT_HIDDEN_CONTROLS} {{ display: none !important; }}
    {PRINT_HIDDEN_BOXES} {{ display: none !important; }}
    [class*="st-key-{PRINT_ONLY}"] {{ display: flex !important; }}
    [data-testid="stAppViewContainer"] > section, [data-testid="stMain"] {{ margin-left: 0 !important; }}
    [data-testid="stMainBlockContainer"] {{ max-width: none !important; width: 100% !important;
        padding: 0 !important; }}
    /* The map (deck.gl) and the charts (Vega) are pictures drawn for the screen's width: the paper is narrower,
       and a canvas is not redrawn for print. Scale each picture to the column instead of cutting it off. */
    [data-testid="stDeckGlJsonChart"], [data-testid="stDeckGlJsonChart"] div {{ width: 100% !important;
        height: auto !important; position: static !important; }}
    [data-testid="stDeckGlJsonChart"] canvas {{ position: static !important; width: 100% !important;
        height: auto !important; }}
    [data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg {{ max-width: 100% !important;
        height: auto !important; }}
    [data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stMetric"],
    [data-testid="stTable"] tr {{ break-inside: avoid; }}
    h1, h2, h3 {{ break-after: avoid; }}
    /* Tables fit the page: wrapped cells, smaller type, columns sized by their content. */
    [data-testid="stTable"], [data-testid="stTable"] > div {{ width: 100% !important; overflow: visible !important;
        max-height: none !important; height: auto !important; }}
    [data-testid="stTable"] table {{ width: 100% !important; table-layout: auto !important; font-size: 9pt; }}
    [data-testid="stTable"] th, [data-testid="stTable"] td {{ white-space: normal !important;
        overflow-wrap: anywhere; padding: 2px 6px !important; }}
}}
</style>
"""

# Closes the sidebar when one of its page links is tapped on a narrow screen (st.html runs it in the page once;
# the flag keeps a later run from adding a second listener).
CLOSE_SIDEBAR_ON_NAVIGATION = f"""
<script>
(() => {{
    if (window.csatClosesSidebar) return;
    window.csatClosesSidebar = true;
    document.addEventListener("click", (event) => {{
        const link = event.target.closest
            && event.target.closest('[data-testid="stSidebar"] [data-testid="stPageLink"] a');
        if (!link || !window.matchMedia("{NARROW}").matches) return;
        const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
        if (close) close.click();
    }}, true);
}})();
</script>
"""


def apply() -> None:
    """Add the page style, and in the sidebar the script that closes it after navigating on a phone."""
    st.html(STYLE)
    st.sidebar.html(CLOSE_SIDEBAR_ON_NAVIGATION, unsafe_allow_javascript=True)
