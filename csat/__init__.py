"""Shared code of the dashboard's pages: KPI definitions, texts in two languages, theme, chart and map
builders, and the frame (filters, navigation, data stamp) every page starts with."""
