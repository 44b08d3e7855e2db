"""The facilitator's guide: how to run a two-hour workshop with the app (printable)."""

from ui import frame, guide

ctx = frame.page("guide", layout="centered")
with frame.boundary(ctx):
    guide.show(ctx)
