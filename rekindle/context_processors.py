from django.conf import settings


def safety(request):
    return {"LEAVE_QUICKLY_URL": settings.LEAVE_QUICKLY_URL}
