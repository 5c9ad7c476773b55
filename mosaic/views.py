"""The home page: a landing page for visitors, a dashboard that fits each signed-in person's roles."""
from django.shortcuts import render

from directory.selectors import home_summary


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home_visitor.html")
    return render(request, "home.html", home_summary(user=request.user))
