"""WebSocket routes of the live room (filled by the livestream issue)."""

websocket_urlpatterns: list = []
