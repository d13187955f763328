"""Party elections (rules.md §2, §2A): regimes, candidate lists, ballot validity, counting, delegations.

Pure Python. The counting engine is shared by the web app and `dangbo election count`. One import for the app
(`from dangbo.rules import elections as rules`): the regimes, bodies and settings are election_regimes.py, the
election with its list, surplus, list checks and ballot validity election_lists.py, counting and delegations
election_counting.py.
"""

from .election_counting import (  # noqa: F401
    CandidateResult,
    Delegation,
    Result,
    count,
    count_totals,
    delegates,
)
from .election_lists import (  # noqa: F401
    Ballot,
    Candidate,
    Election,
    ballot_validity,
    check_attendance,
    check_candidates,
    check_committee_short,
    check_committee_surplus,
    check_figures,
    max_surplus,
    ordered_candidates,
    percent_of_base,
    percent_text,
    surplus,
    surplus_allowed,
    with_surplus,
)
from .election_regimes import (  # noqa: F401
    BAN_THUONG_VU,
    BI_THU,
    BODY_LABELS,
    CAP_UY,
    CHARTER,
    CHI_UY,
    CHU_NHIEM_UBKT,
    CONFERENCE_BODIES,
    D190_FROM,
    D244_FROM,
    D244_TO,
    DAI_BIEU,
    DEFAULT_SETTINGS,
    HD_04_2024,
    PHO_BI_THU,
    QD_190,
    QD_244,
    SURPLUS_BODIES,
    TIE_CONGRESS_DECIDES,
    TIE_NEXT_ROUND,
    URL_BALLOTS_244,
    URL_DELEGATES_190,
    URL_DELEGATES_244,
    URL_RESULT_190,
    URL_SMALL_BODY,
    URL_SURPLUS_190,
    URL_TEMPLATES,
    UY_BAN_KIEM_TRA,
    ElectionRegime,
    ElectionSettings,
    regime_for,
)
from .membership import ERROR, FINDING, Finding  # noqa: F401
from .sources import REGISTRY  # noqa: F401  (callers read a rule's source through this module)

__all__ = [
    "BAN_THUONG_VU", "BI_THU", "CAP_UY", "CHI_UY", "CHU_NHIEM_UBKT", "DAI_BIEU", "ERROR", "FINDING",
    "PHO_BI_THU", "UY_BAN_KIEM_TRA", "Ballot", "Candidate", "CandidateResult", "Delegation", "Election",
    "ElectionRegime", "ElectionSettings", "Finding", "Result", "ballot_validity", "check_attendance",
    "check_candidates",
    "check_committee_short", "check_committee_surplus", "check_figures", "count", "delegates",
    "max_surplus", "ordered_candidates", "percent_of_base", "regime_for", "surplus", "surplus_allowed", "with_surplus",
]  # fmt: skip
