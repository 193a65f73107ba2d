"""The demo town: a synthetic Shanghai-suburb town (示范镇, 虚构) generated deterministically from a seed."""
