"""The choices of the cooperation models: kinds of meeting and document, tables, schedules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    SUMMIT = "summit", _("summit")
    COUNCIL = "council", _("council meeting")
    MINISTERIAL = "ministerial", _("ministerial meeting")
    COMMISSION = "commission", _("commission meeting")
    SUBCOMMISSION = "subcommission", _("sub-commission meeting")
    WORKING_GROUP = "working_group", _("working group meeting")
    EXPERT_MEETING = "expert_meeting", _("expert meeting")
    FORUM = "forum", _("forum")
    CONFERENCE = "conference", _("conference")
    SEMINAR = "seminar", _("seminar")
    WORKSHOP = "workshop", _("workshop")
    TRAINING = "training", _("training")
    DIALOGUE = "dialogue", _("policy dialogue")
    EXHIBITION = "exhibition", _("exhibition")
    VISIT = "visit", _("visit")
    CEREMONY = "ceremony", _("ceremony")
    OTHER = "other", _("other event")


class DocumentKind(models.TextChoices):
    DECLARATION = "declaration", _("declaration")
    CONCEPT = "concept", _("concept")
    STRATEGY = "strategy", _("strategy")
    ACTION_PLAN = "action_plan", _("action plan")
    IMPLEMENTATION_PLAN = "implementation_plan", _("implementation plan")
    PLAN = "plan", _("plan")
    PROGRAMME = "programme", _("program")
    FRAMEWORK = "framework", _("framework")
    JOINT_STATEMENT = "joint_statement", _("joint statement")
    AGREEMENT = "agreement", _("agreement")
    MEMORANDUM = "memorandum", _("memorandum of understanding")
    STATEMENT = "statement", _("statement")
    INITIATIVE = "initiative", _("initiative")
    REPORT = "report", _("report")
    COMMUNIQUE = "communique", _("communiqué")
    OTHER = "other", _("other document")


class SectionTable(models.TextChoices):
    """A table of the document that the portal keeps as records, placed under a section."""

    NONE = "", _("none")
    KEY_PROJECTS = "key_projects", _("key projects")
    ACTIVITIES = "activities", _("planned activities")
    LISTED_MEETINGS = "listed_meetings", _("listed meetings")


class ProjectCategory(models.TextChoices):
    POLICY = "policy", _("policy communication")
    INFRASTRUCTURE = "infrastructure", _("infrastructure connectivity")
    TRADE = "trade", _("unimpeded trade")
    FINANCE = "finance", _("financial integration")
    PEOPLE = "people", _("people-to-people bonds")
    CAPACITY = "capacity", _("capacity building")


class Recurrence(models.TextChoices):
    NONE = "", _("once")
    ANNUALLY = "annually", _("annually")
    BIENNIALLY = "biennially", _("every two years")
    ONGOING = "ongoing", _("ongoing")
