"""The administrator's page: health, printers, call phrases (the console grows here)."""
