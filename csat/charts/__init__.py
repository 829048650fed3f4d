"""Chart builders, one module per page they serve (overview, trends, city, causes, plan), the pieces they share
(parts.py) and the national map as a picture for the deck (map_image.py); every chart builder returns its chart
finished with `theme.themed`."""
