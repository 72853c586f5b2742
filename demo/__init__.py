"""Synthetic demo data at the scale of a national register: generate_demo_data and remove_demo_data.

An app of its own beside the domain app: makerspaces never imports it, and the
site runs without it (DJANGO_DEMO_APP=0 leaves it out of INSTALLED_APPS). It
has no models; what it writes are the domain's rows, flagged synthetic.
"""
