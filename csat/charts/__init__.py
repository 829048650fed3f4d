"""Chart builders, one module per subject; each function returns an `alt.Chart` built from csat.theme."""
