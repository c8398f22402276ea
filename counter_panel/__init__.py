"""The officer's counter panel: call, recall, serve, transfer, hold, pause."""
