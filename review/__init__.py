"""The monthly review as a meeting: the written summary of the month, the review as a sequence of slides, and
the deck (PPTX and PDF) made from them.

    from review.slides import build_review
    deck = build_review(month, cities=("WLMQ",), lang="zh")   # the slides, for presentation mode and the deck

`python -m review --month 2025-03 --lang zh --out review.pptx` writes the deck from the command line.
Nothing here runs at import time.
"""
