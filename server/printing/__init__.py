"""Ticket printing for the queue: print jobs, printer status, server and agent delivery.

Pure job rules live in ``printers.jobs``; this package stores jobs (``models``), runs the use
cases (``jobs``, ``status``), delivers jobs to network printers from the server (``dispatch``)
and mounts the REST routes and the ``/kiosk`` socket handlers (``web``).
"""
