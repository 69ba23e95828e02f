"""Every command, action, block and callback id Backbone uses: one place, no bare strings."""

from __future__ import annotations

from enum import StrEnum

# A person's id as it appears in a mention `<@…>`, on either platform: Slack's `U…`/`W…`, or a
# Teams user id `29:…` (the Teams adapter writes its `<at>` mentions this way). Every pattern
# in the core that reads a person mention is built from this one.
PERSON_ID = r"(?:[UW][A-Z0-9]{2,}|29:[A-Za-z0-9_\-]+)"


class Command(StrEnum):
    ACTION = "/action"
    DECISION = "/decision"
    DIGEST = "/digest"
    POLL = "/poll"
    GOAL = "/goal"


class ActionId(StrEnum):
    ITEM_DONE = "item_done"
    ITEM_SNOOZE = "item_snooze"
    ITEM_NEED_HELP = "item_need_help"
    ITEM_UPDATE = "item_update"
    SNOOZE_DATE_PICKED = "snooze_date_picked"
    HOME_ADD_ITEM = "home_add_item"
    CAPTURED_DONE = "captured_done"  # the Done buttons in the thread reply under captured notes
    PIN_CHANGE_OWNERS = "pin_change_owners"  # under the reply to a :pushpin:: opens the form
    POLL_VOTE = "poll_vote"  # + ":<option>": one button per option of an anonymous poll
    POLL_DECISION = "poll_decision"  # "you said, we did" buttons on a poll's results
    POLL_ACTION_ITEM = "poll_action_item"
    POLL_SHARE_LINK = "poll_share_link"  # for a poll's creator: its web link and QR code
    POLL_PEOPLE_LINKS = "poll_people_links"  # opens the form of labels for one-person links
    GOAL_REPORT = "goal_report"  # on a check-in DM: opens the form for "<number>:<period>"
    GOAL_ACTION_ITEM = "goal_action_item"  # under a note naming a blocker: "<number>:<period>"
    GOAL_EDIT = "goal_edit_open"  # opens a goal's edit form where a command cannot (Teams)


# Presses that open a form: Teams opens a dialog only from a `task/fetch` press, so its cards
# render these buttons differently (bot/teams/render.py); on Slack they carry a trigger id.
OPENS_FORM: frozenset[str] = frozenset(
    {
        ActionId.ITEM_UPDATE,
        ActionId.HOME_ADD_ITEM,
        ActionId.PIN_CHANGE_OWNERS,
        ActionId.POLL_DECISION,
        ActionId.POLL_ACTION_ITEM,
        ActionId.POLL_PEOPLE_LINKS,
        ActionId.GOAL_REPORT,
        ActionId.GOAL_ACTION_ITEM,
        ActionId.GOAL_EDIT,
    }
)


class SnoozeChoice(StrEnum):
    TOMORROW = "tomorrow"
    NEXT_WEEK = "next_week"
    PICK = "pick"


class BlockId(StrEnum):
    ITEM_BUTTONS = "item_buttons"
    SNOOZE_DATE = "snooze_date"
    HOME_ADD = "home_add"
    HOME_ITEM = "home_item"  # + ":<number>", one actions block per item on the Home tab
    CAPTURE_SKIPPED = "capture_skipped"  # the note about lines a capture could not save
    PIN_OWNERS = "pin_owners"  # the Change owners button under a :pushpin: reply
    POLL_VOTES = "poll_votes"
    POLL_FOLLOW_UP = "poll_follow_up"
    POLL_DECISION_TEXT = "poll_decision_text"
    POLL_SHARE = "poll_share"
    POLL_PEOPLE_LABELS = "poll_people_labels"


class ItemField(StrEnum):
    """The inputs of the item form: each is its input block's block_id and its action_id."""

    TITLE = "item_title"
    OWNERS = "item_owners"
    DUE_DATE = "item_due_date"
    DUE_TIME = "item_due_time"
    CHANNEL = "item_channel"
    NOTE = "item_note"


class CallbackId(StrEnum):
    """Modals and shortcuts."""

    ITEM_EDIT = "item_edit"
    ITEM_NEW = "item_new"
    NOTICE = "notice"
    MAKE_ACTION_ITEM = "make_action_item"
    POLL_DECISION = "poll_decision"
    POLL_PEOPLE = "poll_people"
    GOAL_REPORT = "goal_report"
    GOAL_EDIT = "goal_edit"


class GoalField(StrEnum):
    """The inputs of the goal forms: each is its input block's block_id and its action_id."""

    VALUE = "goal_value"
    NOTE = "goal_note"
    TITLE = "goal_title"
    DIRECTION = "goal_direction"
    BASELINE = "goal_baseline"
    TARGET = "goal_target"
    TARGET_DATE = "goal_target_date"
    OWNER = "goal_owner"
    CADENCE = "goal_cadence"
    METHOD = "goal_method"
    BASELINE_POINTS = "goal_baseline_points"


class Event(StrEnum):
    APP_HOME_OPENED = "app_home_opened"
    APP_UNINSTALLED = "app_uninstalled"
    TOKENS_REVOKED = "tokens_revoked"
    MESSAGE = "message"
    REACTION_ADDED = "reaction_added"
    REACTION_REMOVED = "reaction_removed"


class NudgeCallback(StrEnum):
    SNOOZE_DATE = "nudge_snooze_date"
