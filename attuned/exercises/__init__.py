"""Knowledge checks, self-monitoring check-ins and reflection prompts (data, loader, widgets)."""
