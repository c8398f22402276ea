"""The ticket kiosk: a full-screen touch page that issues queue numbers."""
