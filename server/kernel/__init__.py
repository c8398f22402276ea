"""The kernel every area stands on; it imports no area.

Runtime and unit of work (`runtime`), event declarations and sink (`events`), errors,
settings, auth and principals, the shared tables (`models`: centers, staff, devices, app
settings, daily sequences), Socket.IO and the /track door (`realtime`), request bodies
(`bodies`) and the web kit (`web/`: JSON, roles, errors, OpenAPI, shared pages).
"""
