"""Polku: Finnish adult social work, from the first contact to closure."""
