"""Fetching over HTTP, politely: one client for every council server."""
