import os

# Tests run with the development defaults unless the caller chose otherwise.
os.environ.setdefault("DJANGO_DEBUG", "1")
