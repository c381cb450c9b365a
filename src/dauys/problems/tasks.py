"""Background jobs of public control (found at start-up by dauys.core)."""

from dauys.core.tasks import periodic
from dauys.problems.monitoring import monitor


@periodic(minutes=10, name="dauys.problems.monitor")
def monitor_job() -> str:
    """Regular monitoring: overdue appeals, reminders, promises, "is it fixed?", automatic resolution."""
    return str(monitor())


def remind_authority(appeal_id: int) -> str:
    """E-mail the authority that an appeal Dauys delivered is due in a few working days (in Kazakh and Russian)."""
    from django.conf import settings
    from django.core.mail import EmailMessage

    from dauys.problems import states
    from dauys.problems.models import Appeal

    appeal = Appeal.objects.select_related("authority", "problem").get(pk=appeal_id)
    if appeal.status not in states.APPEAL_OPEN or not appeal.addressee_email:
        return "nothing to remind"
    deadline = appeal.effective_deadline.isoformat()
    url = settings.BASE_URL + appeal.subject_url
    body = (
        f"{appeal.reference}: «{appeal.subject_title}»\n\n"
        f"Өтінішке жауап беру мерзімі: {deadline} (ӘРПК 76-бап). Мерзімінде шешім қабылданбауы бас тарту деп "
        f"есептеледі (91-бап, 2-тармақ).\n\n"
        f"Срок ответа на обращение: {deadline} (ст. 76 АППК). Непринятие решения в срок считается отказом "
        f"(п. 2 ст. 91 АППК).\n\n{url}"
    )
    EmailMessage(
        subject=f"[{appeal.reference}] Еске салу / Напоминание: {deadline}",
        body=body,
        to=[appeal.addressee_email],
        reply_to=[appeal.reply_address] if appeal.reply_address else None,
        headers={"X-Dauys-Reference": appeal.reference, "X-Dauys-Message": "reminder"},
    ).send()
    return "reminded"
