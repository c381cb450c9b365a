from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.signing import BadSignature, SignatureExpired
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dauys.accounts.selectors import applicant_of, signed_in
from dauys.core.forms import apply_errors
from dauys.core.i18n import name_key
from dauys.discussions.selectors import counts as discussion_counts
from dauys.ledger.views import record_page
from dauys.notifications.services import follow_set
from dauys.pages.cache import owned_by, private_page, shared_page, tag_page
from dauys.places import gazetteer
from dauys.places.models import Place
from dauys.places.selectors import map_settings, place_at, point_in
from dauys.problems import routing, selectors, services
from dauys.problems.cases import my_cases
from dauys.problems.forms import (
    AnswerForm,
    AppealForm,
    EscalateForm,
    ExtendForm,
    ProblemFilterForm,
    ProblemForm,
    ReopenForm,
    answer_arguments,
)
from dauys.problems.leaves import problem_url
from dauys.problems.models import Answer, Appeal, Photo, Problem, Scan
from dauys.problems.monitoring import fix_signer
from dauys.problems.services import scans
from dauys.problems.services.appeals import can_escalate, complaint_target, complaint_text


@require_GET
@shared_page
def index(request: HttpRequest) -> HttpResponse:
    form = ProblemFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        problems = Problem.objects.none()
        status = 400
    else:
        problems = selectors.problem_list(form.filters() if form.is_bound else selectors.ProblemFilters())
        status = 200
    page = Paginator(problems, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "problems/index.html",
        {"form": form, "page": page, "query": query.urlencode(), "nav": "problems"},
        status=status,
    )


@require_GET
@shared_page
def problem_map(request: HttpRequest) -> HttpResponse:
    """The problems of the current filters on a map of Kazakhstan drawn on the server (no tiles, no JavaScript)."""
    from dauys.places import maps

    form = ProblemFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "map_settings": map_settings(), "nav": "problems"}
        return render(request, "problems/map.html", context, status=400)
    filters = form.filters() if form.is_bound else selectors.ProblemFilters()
    query = request.GET.copy()
    query.pop("place", None)

    def href(place: Place) -> str:
        query["place"] = place.slug
        return f"{reverse('problems:index')}?{query.urlencode()}"

    country = maps.country(selectors.problem_counts_by_unit(filters), href)
    context = {
        "form": form,
        "map_settings": map_settings(),
        "map": country,
        "table": sorted(country.shapes, key=lambda s: (-s.value, name_key(s.place.name))),
        "query": request.GET.urlencode(),
        "nav": "problems",
    }
    return render(request, "problems/map.html", context)


@require_GET
def map_points(request: HttpRequest) -> JsonResponse:
    """The points of the interactive problems map (``static/dauys/map.js``): the same filters as the list, as JSON."""
    form = ProblemFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"error": {"code": "invalid", "fields": form.errors.get_json_data()}}, status=400)
    filters = form.filters() if form.is_bound else selectors.ProblemFilters()
    points = selectors.problem_points(filters)
    for point in points:
        point["url"] = reverse("problems:detail", args=[point["id"]])
    return JsonResponse({"points": points, "truncated": len(points) >= selectors.MAX_POINTS})


def _problem_input(data: dict[str, Any]) -> services.ProblemInput:
    return services.ProblemInput(
        title=data["title"],
        body=data["body"],
        category=data["category"],
        place=data["place"],
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        blur_location=data.get("blur_location", False),
        hide_author=data.get("hide_author", False),
    )


GROUP_SHOWN = 20  # cases shown of each group, the most urgent first; "all of them" shows the rest
CASE_GROUPS = (
    ("complain", gettext_lazy("Refused or unanswered: you can complain")),
    ("deadline", gettext_lazy("The deadline is within 3 working days")),
    ("verdict", gettext_lazy("Answered: was it a real answer?")),
    ("promise", gettext_lazy("Promises falling due")),
    ("waiting", gettext_lazy("Waiting for an answer")),
    ("address", gettext_lazy("Not addressed to anyone yet")),
    ("draft", gettext_lazy("Drafts")),
    ("closed", gettext_lazy("Closed")),
)


@login_required
@never_cache
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """My cases: the signed-in citizen's problems, the most urgent first (problems.cases)."""
    private_page(request)
    cases = my_cases(request.user, timezone.localdate())
    groups: dict[str, list[Any]] = {}
    for case in cases:
        groups.setdefault(case.need.kind, []).append(case)
    whole = request.GET.get("group", "")  # one group shown whole; the others up to GROUP_SHOWN cases each
    sections = [
        (kind, title, groups[kind] if kind == whole else groups[kind][:GROUP_SHOWN], len(groups[kind]))
        for kind, title in CASE_GROUPS
        if kind in groups
    ]
    context = {"sections": sections, "count": len(cases), "shown": GROUP_SHOWN, "whole": whole, "nav": "mine"}
    return render(request, "problems/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@shared_page
def new(request: HttpRequest) -> HttpResponse:
    """File a problem, where first: a pin on the map, "use my location", or a town found by name (which works
    without JavaScript: the search is a plain GET form, and a town's link comes back here with its point)."""
    where: dict[str, Any] = {"find": request.GET.get("find", "")[:100]}
    initial: dict[str, Any] = {}
    point = point_in(request.GET)
    if point is not None:
        lat, lon = point
        initial.update(latitude=round(lat, 6), longitude=round(lon, 6))
        place = place_at(lat=lat, lon=lon)
        if place is not None:
            initial["place"] = place.slug
        where.update(point=point, place=place, nearby=selectors.nearby_open(lat=lat, lon=lon))
    elif where["find"]:
        found = gazetteer.search(where["find"])
        units = {p.code: p for p in Place.objects.filter(code__in={e.unit for e in found})}
        where["settlements"] = [(entry, units.get(entry.unit or "")) for entry in found]
    # With a point, the open problems near it: the copy is fresh when problems change (pages.freshness, "lists");
    # without, the form shows only categories and places, which problems' events leave as they are.
    tag_page(request, lists="point" in where)
    form = ProblemForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_file(  # a draft: the author checks it, then publishes it
                author=signed_in(request),
                data=_problem_input(form.cleaned_data),
                photos=form.cleaned_data["photos"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your draft is saved. Check it, then publish it."))
            return redirect(problem)
    context = {"form": form, "where": where, "pin_map": map_settings(), "nav": "report"}
    return render(request, "problems/form.html", context, status=400 if form.errors else 200)


@require_GET
def nearby(request: HttpRequest) -> HttpResponse:
    """The open problems near a point, as a fragment of the filing form (fetched when the pin moves)."""
    point = point_in(request.GET)
    if point is None:
        return HttpResponse(_("Give the point as lat and lon in degrees."), status=400, content_type="text/plain")
    lat, lon = point
    response = render(
        request, "problems/_nearby.html", {"where": {"point": point, "nearby": selectors.nearby_open(lat=lat, lon=lon)}}
    )
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_object_or_404(Problem.objects.select_related("category", "place"), pk=pk, author=request.user)
    initial = {
        "title": problem.title,
        "body": problem.body,
        "category": problem.category.slug,
        "place": problem.place.slug,
        "latitude": problem.latitude,
        "longitude": problem.longitude,
        "blur_location": problem.blur_location,
        "hide_author": problem.hide_author,
    }
    form = ProblemForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_edit(
                problem=problem,
                actor=signed_in(request),
                data=_problem_input(form.cleaned_data),
                photos=form.cleaned_data["photos"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(problem)
    context = {"form": form, "problem": problem, "where": {}, "pin_map": map_settings()}
    return render(request, "problems/form.html", context, status=400 if form.errors else 200)


@require_GET
@shared_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return problem_page(request, pk)


def problem_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The problem's page (also drawn, for a POST, around a rejected comment: discussions.targets)."""
    problem = selectors.problem_detail(pk=pk, viewer=request.user)
    if problem is None:
        raise Http404
    is_author = request.user.is_authenticated and request.user.pk == problem.author_id
    tag_page(request, f"problem:{problem.pk}", lists=False)
    owned_by(request, problem.author_id)  # its author sees the author's tools: a copy of their own
    if problem.status == Problem.Status.DRAFT:
        private_page(request)  # a draft changes without events (its likely duplicates): always rendered
    appeals = selectors.appeals_of(problem)
    answers = [answer for appeal in appeals for answer in appeal.answers.all()]
    counts = discussion_counts([f"answer:{answer.pk}" for answer in answers]) if answers else {}
    for answer in answers:
        answer.comments_count = counts.get(f"answer:{answer.pk}", 0)  # type: ignore[attr-defined]
    context = {
        "problem": problem,
        "appeals": appeals,
        "timeline": selectors.timeline_of(problem),
        "photos": problem.photos.all(),
        "is_author": is_author,
        "duplicates": selectors.likely_duplicates(problem=problem) if problem.status == Problem.Status.DRAFT else [],
        "nav": "problems",
    }
    return render(request, "problems/detail.html", context)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_object_or_404(Problem, pk=pk, author=request.user)
    services.problem_publish(
        problem=problem, actor=signed_in(request), hide_author=request.POST.get("hide_author") == "1"
    )
    messages.success(request, _("Published. Now address it to the authority responsible."))
    return redirect("problems:appeal", pk=problem.pk)


@login_required
@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    # By id, like the API: the service checks in its own statement that the problem exists and is open.
    supporting = request.POST.get("support") == "1"
    try:
        outcome = services.support_set(problem=pk, user=signed_in(request), supported=supporting)
    except Problem.DoesNotExist:
        raise Http404 from None
    except ValidationError as exc:
        if not Problem.objects.filter(pk=pk, status__in=selectors.PUBLIC).exists():
            raise Http404 from None
        messages.error(request, " ".join(exc.messages))
    else:
        if not outcome.changed:  # a second tab, or the back button: counted once, and said so
            messages.info(
                request,
                _("You already support this problem.") if supporting else _("You do not support this problem."),
            )
    return redirect("problems:detail", pk=pk)


@login_required
@require_POST
def support_instead(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """From a draft's likely duplicates: support the existing problem and withdraw the draft."""
    draft = get_object_or_404(Problem, pk=pk, author=request.user, status=Problem.Status.DRAFT)
    target = get_object_or_404(Problem, pk=other, status=Problem.Status.OPEN)
    services.support_set(problem=target, user=signed_in(request), supported=True)
    services.problem_set_status(problem=draft, actor=signed_in(request), status=Problem.Status.WITHDRAWN)
    messages.success(request, _("You now support this problem; your draft was withdrawn."))
    return redirect(target)


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        follow_set(user=signed_in(request), target=f"problem:{pk}", following=request.POST.get("follow") == "1")
    except ValidationError as exc:
        if selectors.problem_detail(pk=pk, viewer=request.user) is None:
            raise Http404 from None
        messages.error(request, " ".join(exc.messages))  # the author's own draft: nothing public to follow yet
    return redirect("problems:detail", pk=pk)


CONFIRMED = frozenset({Problem.Status.RESOLVED, Problem.Status.WITHDRAWN})  # asked for again, with what follows


@login_required
@require_http_methods(["GET", "POST"])
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The author marks their problem resolved or withdraws it, or anyone reopens it with evidence.

    Resolving and withdrawing are never one tap: the buttons lead to a page that says what follows, and only its
    own form (``confirm=yes``) changes the status; a POST without it shows that page instead."""
    problem = selectors.problem_detail(pk=pk, viewer=request.user)
    if problem is None:
        raise Http404
    query = request.POST if request.method == "POST" else request.GET
    status = query.get("status", "")
    if status not in (Problem.Status.RESOLVED, Problem.Status.WITHDRAWN, Problem.Status.OPEN):
        return render(request, "400.html", status=400)
    if status in CONFIRMED and (request.method == "GET" or request.POST.get("confirm") != "yes"):
        if request.user.pk != problem.author_id or problem.status != Problem.Status.OPEN:
            raise PermissionDenied
        return render(request, "problems/confirm_status.html", {"problem": problem, "status": status})
    if request.method == "GET":
        return redirect(problem)
    form = ReopenForm(request.POST)
    reason = request.POST.get("reason", "")
    try:
        services.problem_set_status(problem=problem, actor=signed_in(request), status=status, reason=reason)
    except ValidationError as exc:
        apply_errors(form, exc)
        return render(request, "problems/reopen.html", {"problem": problem, "form": form}, status=400)
    return redirect(problem)


@login_required
@never_cache  # it may show the author's real name and address (the text prepared for the portal)
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    # The place and the places above it, read once: the routing's suggestion and the prepared text both walk them.
    problems = Problem.objects.select_related("category", "place__parent__parent__parent")
    problem = get_object_or_404(problems, pk=pk, author=request.user)
    suggested = routing.suggest(category=problem.category, place=problem.place)
    initial = {"authority": suggested.slug if suggested else None, "delivery": Appeal.Delivery.RECORDED}
    applicant = applicant_of(request.user)  # type: ignore[arg-type]
    sign_url = reverse("accounts:applicant") + "?" + urlencode({"next": request.path})
    form = AppealForm(
        request.POST or None, request.FILES or None, initial=initial, can_sign=applicant is not None, sign_url=sign_url
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appeal_create(
                problem=problem,
                authority=data["authority"],
                actor=signed_in(request),
                delivery=data["delivery"],
                registration_number=data["registration_number"],
                registered_on=data["registered_on"],
                scans=data["scans"],
                scans_visibility=data["scans_visibility"],
                auto_escalate=data["auto_escalate"],
                channel=data["channel"],
                signed=data["signed"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The appeal is recorded and its legal clock is running."))
            return redirect(problem)
    return render(
        request,
        "problems/appeal_form.html",
        {
            "form": form,
            "problem": problem,
            "suggested": suggested,
            "appeals": selectors.appeals_of(problem),
            "applicant": applicant,
            "text": selectors.appeal_text(problem, applicant),
        },
        status=400 if form.errors else 200,
    )


def _appeal_for(request: HttpRequest, pk: int) -> Appeal:
    # The pages of an appeal about a subject of another kind are its own app's.
    appeal = get_object_or_404(
        Appeal.objects.select_related("problem", "authority__parent"), pk=pk, problem__isnull=False
    )
    if not appeal.of_problem.is_public:
        raise Http404
    return appeal


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _appeal_for(request, pk)
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_record(appeal=appeal, actor=signed_in(request), **answer_arguments(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(appeal.of_problem)
    return render(
        request, "problems/answer_form.html", {"form": form, "appeal": appeal}, status=400 if form.errors else 200
    )


@login_required
@never_cache  # it may show the author's real name and address
@require_http_methods(["GET", "POST"])
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _appeal_for(request, pk)
    if request.user.pk != appeal.of_problem.author_id:
        raise PermissionDenied
    target = complaint_target(appeal)
    form = EscalateForm(request.POST or None, initial={"text": complaint_text(appeal)})
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_escalate(
                appeal=appeal,
                actor=request.user,
                text=form.cleaned_data["text"],
                registration_number=form.cleaned_data["registration_number"],
                registered_on=form.cleaned_data["registered_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(appeal.of_problem)
    context = {
        "form": form,
        "appeal": appeal,
        "target": target,
        "allowed": can_escalate(appeal),
        "applicant": applicant_of(request.user),
    }
    return render(request, "problems/escalate_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _appeal_for(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_extend(
                appeal=appeal,
                actor=signed_in(request),
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(appeal.of_problem)


@login_required
@require_POST
def judge(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(Answer.objects.select_related("appeal__problem"), pk=pk, appeal__problem__isnull=False)
    try:
        services.answer_judge(answer=answer, actor=signed_in(request), verdict=request.POST.get("verdict", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(answer.appeal.of_problem)


@require_http_methods(["GET", "POST"])
def fix(request: HttpRequest, token: str) -> HttpResponse:
    """The "is it fixed?" link. GET only shows the question: mail scanners follow links, so the click is a POST."""
    try:
        value = fix_signer.unsign(token, max_age=60 * 60 * 24 * 60)
    except SignatureExpired:
        return render(request, "problems/fix.html", {"error": _("This link has expired.")}, status=400)
    except BadSignature:
        return render(request, "problems/fix.html", {"error": _("This link is not valid.")}, status=400)
    answer_id, choice = value.split(":")
    answer = get_object_or_404(Answer.objects.select_related("appeal__problem"), pk=int(answer_id))
    if request.method == "POST":
        problem = services.fix_answer(answer=answer, fixed=request.POST.get("fixed") == "yes")
        messages.success(request, _("Thank you: your answer is recorded."))
        return redirect(problem)
    return render(request, "problems/fix.html", {"answer": answer, "problem": answer.appeal.problem, "choice": choice})


@require_GET
def photo(request: HttpRequest, pk: int, photo: int, size: str) -> HttpResponseBase:
    """A photo of a problem that is not public yet, to its author (and staff) only; anyone else gets the same 404
    as for a photo that does not exist. A published photo is in the public media: this address sends there."""
    found = Photo.objects.select_related("problem").filter(pk=photo, problem_id=pk).first()
    if found is None or size not in Photo.SIZES:
        raise Http404
    if found.public:
        return HttpResponseRedirect(found.url(size))
    user = request.user
    if not (user.is_authenticated and (user.pk == found.problem.author_id or user.is_staff)):
        raise Http404
    name = getattr(found, size).name
    response = FileResponse(found.open(size), content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def scan(request: HttpRequest, pk: int) -> FileResponse:
    """One scanned page, to whoever may see it; anyone else gets the same 404 as for a scan that does not exist."""
    found = get_object_or_404(Scan.objects.select_related("appeal__problem", "answer__appeal__problem"), pk=pk)
    if not scans.visible_to(found, request.user):
        raise Http404
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    extension = str(found.image.name).rsplit(".", 1)[-1]
    # A PDF is a download in a sandbox, never a document of this origin (core.pdfs); an image shows inline.
    disposition = "attachment" if found.is_pdf else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="scan-{found.pk}.{extension}"'
    if found.is_pdf:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if found.public:
        response["Cache-Control"] = "public, max-age=3600"
    else:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def scan_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Scan.objects.select_related("appeal__problem", "answer__appeal__problem"), pk=pk)
    if not scans.visible_to(found, request.user):
        raise Http404
    letter = found.letter
    try:
        scan = services.scan_set_visibility(
            scan=found, actor=signed_in(request), visibility=request.POST.get("visibility", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done: dict[str, str] = {
            Scan.Visibility.PUBLIC: _("The scan is now public."),
            Scan.Visibility.ADDRESSEE: _("The scan is now seen by you, the moderators and the authority."),
            Scan.Visibility.PRIVATE: _("The scan is now seen only by you and the moderators."),
        }
        messages.success(request, done[scan.visibility])
    return redirect(letter.of_problem)


@shared_page
@require_GET
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """A problem's entries in the public log (its own events and its hourly support counts)."""
    problem = get_object_or_404(Problem, pk=pk, status__in=selectors.PUBLIC)
    return record_page(
        request, object_url=problem_url(problem.pk), title=problem.title, back=problem.get_absolute_url()
    )
