"""Meeting notes as a coordinator pastes them after case conferencing: the capture fixture."""

from __future__ import annotations

# Maria (New York) posts these on Tuesday Nov 24, 2026 at 10:00. Eight lines become six action
# items and two decisions; one line's date cannot be read; the rest are notes, a checked box,
# and lines that only look like captures.
CASE_CONFERENCING = """*Case conferencing — Tue Nov 24*
Attendees: <@UMARIA>, <@UJOE>, <@UPAT>, Sam (CoC lead)

*By-name list review*
• 14 households on the active list; 3 newly housed since last week :tada:
• Veterans sub-list: 2 with vouchers, no unit yet
• ACTION: <@UJOE> follow up with the VA on the two HUD-VASH vouchers by Friday
• ACTION: Update the by-name list with last week's move-ins EOD
• Household R.T. has been unreachable for 3 weeks
    ◦ TODO: <@UPAT> ask the outreach team to check the library and the day center tomorrow

*Landlord outreach*
• Oak Street Apartments has 2 units opening Dec 1; they want the risk-mitigation guarantee
• DECISION: We offer Oak Street the $2,000 risk-mitigation guarantee for both units
- [ ] <@UMARIA> call the Oak Street property manager to confirm the units by Thursday
- [ ] Draft the landlord thank-you letter for the newsletter
- [x] Send the updated unit list to providers
• *Action:* <@UJOE> and <@UPAT> tour the two units next Tuesday
• TODO: call the Elm Ct landlord about unit 12 due 13/45

*Next meeting*
• *DECISION:* Case conferencing moves to Tuesdays at 10am starting in December
• Actionable items from the HMIS training are in the shared drive
• TODO list is long, but we're making progress
"""
