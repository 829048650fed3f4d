"""Chart builders, one module per page they serve (overview, trends, city, causes, plan) and the pieces they share
(parts); each public function returns an `alt.Chart` finished with `csat.theme.themed`."""
