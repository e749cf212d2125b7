"""Made-up data for trying Digest at scale (manage.py generate_demo); never mixed with real reports."""
