"""What the demo strategy and roadmap holds: goals, initiatives with their business cases,
delivery teams and releases, features, the work nobody planned, and what linked ideas are told."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from itpm.ideas.models import Stage

from .models import Goal, Initiative

SEED = 6_2026
FISCAL_START = 4  # April
HISTORY_DAYS = 42  # the roadmap history covers the last six weeks
JIRA = "https://brightwater.atlassian.net/browse"

# --- Goals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalSpec:
    key: str
    name: str
    description: str
    measure: str
    baseline: str
    target: str
    unit: str
    years: tuple[int, int]  # fiscal years it spans, relative to the current one
    status: str
    owner: int  # index into the product managers (0 is the demo PM)


# fmt: off
GOALS: tuple[GoalSpec, ...] = (
    GoalSpec("onboarding", "New hires productive in their first week",
             "New starters wait more than a week for a laptop, a login and access to their team's files. "
             "Managers lose the first fortnight of every hire, and new colleagues start with a bad impression.",
             "Days from hire to first login", "9", "2", "days", (0, 0), Goal.Status.APPROVED, 0),
    GoalSpec("close", "Close the books in five working days",
             "Finance needs nine working days to close a month, so management sees the numbers when they are "
             "already old. Five days lets the leadership team act in the same month.",
             "Working days to close the month", "9", "5", "working days", (0, 1), Goal.Status.APPROVED, 1),
    GoalSpec("invoices", "Halve the cost of paying a supplier invoice",
             "About 1,200 invoices a month are keyed in, matched and chased by hand.",
             "Cost to process one supplier invoice", "7.40", "3.50", "€", (0, 1), Goal.Status.APPROVED, 1),
    GoalSpec("customers", "Customers hear back within a working day",
             "Utilities and plants wait more than a day for a first answer on a support case; two large "
             "customers named it in their contract reviews.",
             "Median hours to first answer on a support case", "26", "8", "hours", (1, 1), Goal.Status.APPROVED, 2),
    GoalSpec("production", "No production hours lost to IT",
             "Network drops, frozen work-order screens and kiosks that stop at shift change cost the lines "
             "hours every quarter. Proposed by IT; waiting for the leadership team's approval.",
             "Production hours lost to IT incidents per quarter", "38", "4", "hours", (1, 1),
             Goal.Status.PROPOSED, 0),
    GoalSpec("mfa", "Every account protected by a second factor",
             "After the phishing incident, every account signs in with a second factor.",
             "Accounts with a second factor", "62", "100", "%", (-1, -1), Goal.Status.ACHIEVED, 2),
)

# --- Initiatives -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeSpec:
    key: str
    name: str
    description: str
    goals: tuple[str, ...]
    status: str
    one_off: int | None
    yearly_cost: int | None
    yearly_benefit: int | None
    months_to_value: int | None
    risks: str
    owner: int


INITIATIVES: tuple[InitiativeSpec, ...] = (
    InitiativeSpec("onboard", "Ready on day one",
                   "Laptop, accounts, phone and team access ready before a new starter's first morning.",
                   ("onboarding",), Initiative.Status.IN_PROGRESS, 85_000, 12_000, 140_000, 4,
                   "HR must enter start dates on time; the courier for home deliveries is new to us.", 0),
    InitiativeSpec("jml", "Joiners, movers and leavers automated",
                   "Accounts and access follow the HR record: created on hire, changed on a move, removed on the "
                   "last day.", ("onboarding", "mfa"), Initiative.Status.APPROVED, 120_000, 30_000, 95_000, 6,
                   "Depends on clean job data in the HR system; about 300 old accounts need an owner first.", 2),
    InitiativeSpec("invoices", "Touchless supplier invoices",
                   "Invoices read automatically, matched to orders and deliveries, approved in bulk when small.",
                   ("invoices", "close"), Initiative.Status.IN_PROGRESS, 150_000, 40_000, 210_000, 5,
                   "Recognition quality on handwritten delivery notes is unproven.", 1),
    InitiativeSpec("close", "Five-day close",
                   "Locked periods, faster consolidation and reconciliations that run themselves.",
                   ("close",), Initiative.Status.APPROVED, 90_000, 15_000, 70_000, 9,
                   "Finance's busiest weeks leave little time for testing.", 1),
    InitiativeSpec("field", "Field service in your pocket",
                   "One app for commissioning engineers and account executives on site: cases, quotes, readings "
                   "and manuals, also offline.", ("customers",), Initiative.Status.PROPOSED, 240_000, 60_000,
                   180_000, 12, "Mobile coverage at plants is poor; the app must work offline.", 2),
    InitiativeSpec("portal", "Customer case portal",
                   "Customers open and follow their cases online; cases reach the right engineer first time. "
                   "The benefit is still being estimated with Customer Success.", ("customers",),
                   Initiative.Status.APPROVED, 110_000, 25_000, None, 6,
                   "Customers must be willing to use yet another login.", 2),
    InitiativeSpec("shopfloor", "Resilient shop floor",
                   "A second network path, offline kiosks and a standby scheduling server for the production "
                   "halls. Costs are being quoted; the benefit depends on the production goal's approval.",
                   ("production",), Initiative.Status.PROPOSED, 60_000, 25_000, None, None,
                   "Work in the halls only during planned shutdowns.", 0),
    InitiativeSpec("mfa", "Second factor for every account",
                   "Phone approvals for everyone, badges on the kiosks, hardware keys for admins.",
                   ("mfa",), Initiative.Status.DONE, 45_000, 18_000, 60_000, 2,
                   "Shop-floor staff without company phones.", 0),
    InitiativeSpec("legacy", "Retire fax and pagers",
                   "Fax numbers moved to email, on-call alerts moved to phones, the old ledger archived.",
                   (), Initiative.Status.DONE, 20_000, 0, 35_000, 1, "Two regulators still sent faxes.", 3),
    InitiativeSpec("intranet", "Intranet rebuild",
                   "A new intranet for news, shift notices and service bulletins. It will not pay for itself: the "
                   "case rests on reaching the shop floor, which today learns news from notice boards.",
                   ("onboarding",), Initiative.Status.APPROVED, 80_000, 40_000, 30_000, 6,
                   "Content owners in every department must keep pages current.", 3),
    InitiativeSpec("opsdata", "Operations data platform",
                   "Production, maintenance, lab and test-rig data in one place, with reports managers build "
                   "themselves.", ("close", "production"), Initiative.Status.IN_PROGRESS, 180_000, 55_000,
                   160_000, 8, "Old test rigs export only CSV; some run unsupported Windows.", 1),
    InitiativeSpec("workspace", "One collaboration workspace",
                   "Chat, files, meetings and signatures in one set of tools everyone knows.",
                   ("onboarding", "customers"), Initiative.Status.APPROVED, 60_000, 35_000, 90_000, 3,
                   "Shift staff without laptops need kiosks or phones.", 0),
)

# --- Delivery teams and releases ---------------------------------------------------------------

WPL, IAM, COL, DATA, SDT = "WPL", "IAM", "COL", "DATA", "SDT"

# key prefix: (name, description, days per point, capacity per quarter in person-days, current sprint)
TEAMS: dict[str, tuple[str, str, str | None, int, int]] = {
    WPL: ("Workplace", "Laptops, phones, printers, meeting rooms and the network in offices and halls.", "1.5", 220,
          48),
    IAM: ("Identity & Access", "Accounts, sign-in, second factors and who may use what.", "2", 100, 31),
    COL: ("Collaboration", "Mail, chat, files, meetings, the intranet and customer-facing sites.", None, 200, 57),
    DATA: ("Data Platform", "Finance, operations and lab data, integrations and reports.", "2.5", 240, 22),
    SDT: ("Service Desk Tools", "The service desk's own tools, monitoring, patching and the asset register.", None,
          120, 40),
}

# (theme, days from today, released)
RELEASES: tuple[tuple[str, int, bool], ...] = (
    ("Mailbox and sign-in pack", -100, True),
    ("Finance close pack", -55, True),
    ("Onboarding wave 1", -20, True),
    ("Shop-floor and supplier portal", 12, False),
    ("Onboarding wave 2", 45, False),
    ("Year-end finance", 90, False),
    ("Spring workplace refresh", 150, False),
)

# --- Features ----------------------------------------------------------------------------------

DONE, DOING, PLANNED, BACKLOG, DROPPED = "shipped", "in_progress", "planned", "backlog", "cancelled"


@dataclass(frozen=True)
class FeatureSpec:
    service: str | None  # a key of the ideas demo's SERVICES
    team: str
    initiative: str | None
    status: str
    name: str
    summary: str  # what it means for customers, in their words
    ideas: tuple[str, ...] = ()  # titles of portal ideas it answers


F = FeatureSpec

FEATURES: tuple[FeatureSpec, ...] = (
    # Ready on day one
    F("mail", IAM, "onboard", DONE, "Mailbox ready before the first day",
      "New starters' mailboxes exist as soon as the contract is signed, not on their first morning."),
    F(None, WPL, "onboard", DOING, "Laptops shipped pre-configured to new starters",
      "Your laptop arrives at home set up with your apps, before your first day."),
    F("intranet", SDT, "onboard", DOING, "Online onboarding checklist for new starters",
      "New starters and their managers tick off first-week tasks online.",
      ("An online onboarding checklist for new starters",)),
    F(None, IAM, "onboard", PLANNED, "Accounts created from the signed contract",
      "Your login is ready as soon as HR confirms your start date."),
    F("files", COL, "onboard", PLANNED, "Team sites granted by role on day one",
      "You see your team's files from your first day, without asking anyone."),
    F(None, WPL, "onboard", DONE, "Laptop pick-up lockers at head office",
      "Collect a ready laptop from a locker at any hour."),
    F("phone", WPL, "onboard", PLANNED, "Company phone number before the first day",
      "Your company number works on your phone from day one."),
    F(None, SDT, "onboard", DOING, "First-week welcome call from the service desk",
      "A short call in your first week to check everything works."),
    F("careers", DATA, "onboard", BACKLOG, "Start dates sent from recruiting to IT",
      "IT hears about every new starter as soon as an offer is accepted."),
    F(None, WPL, "onboard", PLANNED, "Laptop images for each job family",
      "Engineers, office staff and shop-floor leads get the apps their job needs, already installed."),
    F("boards", COL, "onboard", BACKLOG, "Onboarding board for hiring managers",
      "Managers follow every new starter's setup in one place."),
    F(None, SDT, "onboard", PLANNED, "Laptop swap at the service desk within an hour",
      "A broken laptop is swapped for a ready one while you wait."),
    F("kiosk", WPL, "onboard", DOING, "Kiosk sign-in for shop-floor starters on day one",
      "New operators can read shift notices and payslips on the kiosks from their first shift."),
    F(None, SDT, "onboard", DONE, "New-starter IT guide in five languages",
      "A short guide to your laptop, phone and logins in English, German, Polish, Dutch and Spanish."),
    # Joiners, movers and leavers automated
    F(None, IAM, "jml", DOING, "Access removed automatically when someone leaves",
      "Leavers lose access on their last day, every time."),
    F(None, IAM, "jml", PLANNED, "Access follows you when you change team",
      "Move team and your access moves with you; the old access ends after a month."),
    F("expenses", IAM, "jml", DOING, "Single sign-on for the expense app",
      "Open the expense app with your company login: no separate password.",
      ("Single sign-on for the expense app", "Stop making me remember another password for expenses")),
    F("crm", IAM, "jml", PLANNED, "The CRM app stays signed in on phones",
      "The CRM stops logging you out every time you switch apps.",
      ("CRM logs me out every time I switch apps on my phone",)),
    F(None, IAM, "jml", PLANNED, "Quarterly access review for managers",
      "Managers confirm who should still have access, in ten minutes a quarter."),
    F(None, IAM, "jml", BACKLOG, "Request access to an app with your manager's approval",
      "Ask for access online; your manager approves it and it is set up the same day."),
    F(None, IAM, "jml", PLANNED, "Contractor accounts that end on the contract's end date",
      "Contractors keep access exactly as long as their contract runs."),
    F("mail", IAM, "jml", PLANNED, "Directors give their assistant calendar access",
      "Directors grant and remove their assistant's calendar access themselves."),
    F(None, IAM, "jml", DROPPED, "Leaver checklist in the HR system",
      "A checklist for managers when someone leaves. Replaced by automatic removal of access."),
    F(None, IAM, "jml", DONE, "Joiner accounts from one form",
      "Managers ask for every account a new starter needs with one form."),
    # Touchless supplier invoices
    F("ap", DATA, "invoices", DOING, "Invoices read from PDFs automatically",
      "Supplier invoices are read by the system; you check only the exceptions."),
    F("purchase", DATA, "invoices", PLANNED, "Invoices matched to goods received",
      "Invoices are matched to the order and the delivery without a spreadsheet.",
      ("Match invoices to goods received automatically",)),
    F("ap", DATA, "invoices", DONE, "Duplicate invoices caught whatever the number format",
      "“INV-0042” and “0042” from the same supplier are flagged before payment."),
    F("ap", DATA, "invoices", DOING, "Bulk approval of small invoices",
      "Approve a page of small invoices from known suppliers with one click.",
      ("Bulk-approve small invoices under 200",)),
    F("ap", COL, "invoices", DONE, "Payment date on the supplier portal",
      "Suppliers see when they will be paid, so they stop phoning to ask.",
      ("Show the payment date on the supplier portal",)),
    F("ap", DATA, "invoices", PLANNED, "Second approval for supplier bank detail changes",
      "A change to a supplier's bank account needs a second person, which stops invoice fraud."),
    F("ap", DATA, "invoices", PLANNED, "Reminders to approvers after five days",
      "Approvers are reminded automatically; nobody chases by email."),
    F("ap", DATA, "invoices", BACKLOG, "Suppliers upload their own invoices",
      "Suppliers upload invoices on the portal instead of emailing PDFs."),
    F("ap", DATA, "invoices", DONE, "Bank file accepts accented supplier names",
      "Payment runs no longer fail on names like Société Générale."),
    F(None, WPL, "invoices", DONE, "Post-room scanner names files by invoice number",
      "Scanned invoices arrive named by supplier and number, not scan0001.pdf."),
    F("ap", DATA, "invoices", BACKLOG, "Email threads attached to invoices",
      "The emails about a disputed invoice stay with the invoice."),
    F("expenses", DATA, "invoices", PLANNED, "Expense claims checked against the travel policy",
      "You see before submitting whether a claim breaks the travel policy.",
      ("Flag expense claims that break the travel policy before submission",)),
    F("purchase", DATA, "invoices", BACKLOG, "Reorder points that warn before stock runs out",
      "Purchasing is warned before a part runs out, not after."),
    # Five-day close
    F("close", DATA, "close", PLANNED, "Closed months locked against posting",
      "Nobody can post into a closed month by mistake.",
      ("Lock a closed month so nobody can post into it by mistake",)),
    F("close", DATA, "close", DOING, "Consolidated P&L report in minutes",
      "The group P&L runs in minutes for all entities, instead of failing after twenty."),
    F("budget", DATA, "close", PLANNED, "Actuals in the budgeting workspace by day three",
      "Cost-centre managers compare against budget on the third working day."),
    F("close", DATA, "close", BACKLOG, "Close calendar with a task checklist",
      "Everyone in Finance sees what is left to do for the close, and who is on it."),
    F("close", DATA, "close", PLANNED, "Intercompany reconciliation that runs itself",
      "Intercompany balances are matched overnight; Finance reviews only the differences."),
    F("budget", DATA, "close", BACKLOG, "Rolling quarterly forecast",
      "Forecast every quarter in the workspace instead of once a year."),
    F("close", DATA, "close", BACKLOG, "Cost of poor quality in the monthly report",
      "Scrap and rework costs appear in the monthly management pack."),
    F("ledger", DATA, "close", PLANNED, "Faster search in the old ledger",
      "Searching the old ledger by supplier name answers in seconds."),
    F("close", DATA, "close", DROPPED, "Excel add-in for journal uploads",
      "Upload journals from Excel. Dropped: the new close process needs no spreadsheets."),
    F("budget", DATA, "close", DONE, "Open purchase orders in the budget view",
      "Budget holders see what is already ordered, not only what is paid."),
    # Field service in your pocket (proposed)
    F("cases", COL, "field", BACKLOG, "Field service app for commissioning engineers",
      "Engineers see the customer's cases, system and history on their phone at the site."),
    F("quotes", COL, "field", BACKLOG, "Quotes on a phone at the customer's site",
      "Account executives create and send a quote while still with the customer."),
    F("crm", COL, "field", BACKLOG, "The CRM offline at customer sites",
      "Update the CRM where there is no signal; it syncs when you are back online."),
    F("crm", COL, "field", BACKLOG, "Log a customer visit by voice from the car",
      "Dictate your visit notes in the car; they land in the CRM as text."),
    F("telemetry", DATA, "field", BACKLOG, "Installed-system readings in the field app",
      "Engineers see live readings from the system they are standing next to."),
    F("manuals", COL, "field", BACKLOG, "Product manuals offline on tablets",
      "Manuals open on the tablet even in a plant basement."),
    # Customer case portal
    F("cases", COL, "portal", PLANNED, "Customers open and follow cases online",
      "Customers raise a case and see its progress online, at any hour."),
    F("cases", COL, "portal", DOING, "Cases routed by skill and region",
      "Cases reach an engineer who knows the system and the region first time.",
      ("Route cases to engineers by skill and region",)),
    F("cases", COL, "portal", PLANNED, "Satisfaction survey when a case closes",
      "Customers rate the answer they got, in one click.",
      ("Customer satisfaction survey after a case is closed",)),
    F("manuals", COL, "portal", PLANNED, "Manual pages linked from support replies",
      "Support replies link to the exact page of the manual.",
      ("Can we link manual pages directly from support replies?",)),
    F("cases", SDT, "portal", BACKLOG, "Knowledge base of fixes for common faults",
      "Engineers and customers find the fix for a known fault without waiting."),
    F("telemetry", DATA, "portal", BACKLOG, "System readings in the customer portal",
      "Customers see their own system's readings next to their cases."),
    F("cases", COL, "portal", DONE, "Case updates by email with a reply link",
      "Customers get every update by email and can answer it directly."),
    F("extranet", COL, "portal", PLANNED, "Distributors see their own price list",
      "Each distributor sees its own prices on the extranet, always current.",
      ("Can distributors see their own price list on the extranet?",)),
    F("extranet", IAM, "portal", PLANNED, "Distributors sign in with their own company accounts",
      "Distributors use the login they already have; no extra password."),
    F("cases", SDT, "portal", DOING, "Service desk answers from the knowledge base",
      "The service desk answers common questions with a tested article."),
    # Resilient shop floor (proposed)
    F("mes", WPL, "shopfloor", BACKLOG, "Second network path to the production halls",
      "A cut cable no longer stops the lines."),
    F("kiosk", WPL, "shopfloor", BACKLOG, "Kiosks that keep working offline for an hour",
      "Operators can still read work instructions when the network is down."),
    F("servers", WPL, "shopfloor", BACKLOG, "Standby server for production scheduling",
      "If the scheduling server fails, a standby takes over within minutes."),
    F("mes", DATA, "shopfloor", BACKLOG, "Production planned by the hour",
      "Planners schedule each line by the hour, not by the day."),
    F(None, SDT, "shopfloor", BACKLOG, "Night on-call rota for warehouse systems",
      "The night shift knows exactly whom to call when a warehouse system is down."),
    F("mes", DATA, "shopfloor", BACKLOG, "Next three work orders on every station screen",
      "Each station shows what comes next, so operators can prepare."),
    # Second factor for every account (done)
    F(None, IAM, "mfa", DONE, "Second factor for every account",
      "Every sign-in is confirmed with your phone or badge."),
    F("mail", IAM, "mfa", DONE, "Phone sign-in approvals instead of codes",
      "Approve a sign-in with one tap instead of typing a code."),
    F("kiosk", IAM, "mfa", DONE, "Badge sign-in on shop-floor kiosks",
      "Tap your badge to sign in on a kiosk."),
    F(None, IAM, "mfa", DONE, "Self-service password reset",
      "Reset a forgotten password yourself, from your phone, at any hour.",
      ("Reset my own password without calling the service desk", "Reset forgotten passwords from the phone",
       "Locked out of my account with nobody to reset my password")),
    F(None, IAM, "mfa", DONE, "Hardware keys for administrators",
      "IT administrators sign in with a hardware key."),
    F(None, IAM, "mfa", DONE, "Sign-in risk alerts for IT",
      "IT is warned about sign-ins from unusual places."),
    F("servers", IAM, "mfa", DROPPED, "SMS codes for server logins",
      "Text-message codes for server logins. Dropped in favour of hardware keys."),
    # Retire fax and pagers (done)
    F("fax", SDT, "legacy", DONE, "Fax numbers moved to email",
      "Faxes sent to our old numbers arrive as email."),
    F("pager", SDT, "legacy", DONE, "On-call alerts on phones instead of pagers",
      "On-call engineers get alerts on their phones."),
    F("ledger", DATA, "legacy", DONE, "Old ledger archived read-only",
      "The pre-2019 ledger stays searchable, read-only, for auditors."),
    F("fax", SDT, "legacy", DONE, "Fax machines collected and recycled",
      "The last fax machines are gone."),
    # Intranet rebuild
    F("intranet", COL, "intranet", DOING, "New intranet home page",
      "One home page with the news, your shift notices and the tools you use most."),
    F("intranet", COL, "intranet", PLANNED, "Shift notices on the kiosks",
      "Operators read shift notices on the kiosks, not only on notice boards."),
    F("intranet", COL, "intranet", PLANNED, "Service bulletins for the whole company",
      "Service bulletins reach every employee, not only the field engineers.",
      ("Post service bulletins on the intranet for the whole company",)),
    F("intranet", COL, "intranet", PLANNED, "Read confirmations for important announcements",
      "Managers see who has read a safety or policy announcement."),
    F("intranet", COL, "intranet", BACKLOG, "Intranet search across team sites",
      "One search box finds news, policies and team-site documents."),
    F("intranet", COL, "intranet", BACKLOG, "Weekly digest for the leadership team",
      "A one-page Friday digest of company news."),
    F("intranet", COL, "intranet", DROPPED, "Intranet app for personal phones",
      "An intranet app for personal phones. Dropped: the new intranet works in any phone browser."),
    # Operations data platform
    F("maint", DATA, "opsdata", DOING, "Technician's notes required to close a maintenance job",
      "A maintenance job closes only with the technician's notes, so the next one knows what was done.",
      ("Maintenance jobs close without the technician's notes",)),
    F("testrig", DATA, "opsdata", DOING, "Raw test-rig data kept",
      "The full test curves are kept, not only pass or fail.",
      ("Keep the raw test-rig data, not only pass or fail",)),
    F("batch", DATA, "opsdata", PLANNED, "Pressure-test results straight into the batch record",
      "Pressure-test results land in the skid's batch record without retyping.",
      ("Send the pressure-test result straight into the batch record",)),
    F("lab", DATA, "opsdata", PLANNED, "Lab results outside the limits flagged",
      "Results outside the limits are flagged the moment they arrive."),
    F("lab", DATA, "opsdata", DOING, "Analyser results imported without retyping",
      "Results flow from the analyser into the lab system."),
    F(None, DATA, "opsdata", PLANNED, "Energy monitoring for the factory",
      "Energy use per line and shift, so we can see where it goes.",
      ("Energy monitoring for the factory",)),
    F("mes", DATA, "opsdata", DONE, "Production data in the data platform",
      "Production figures are available for reports the next morning."),
    F("maint", DATA, "opsdata", DONE, "Maintenance history dashboard",
      "See every job done on a machine, and how long it was down."),
    F(None, DATA, "opsdata", DOING, "Self-service reports for managers",
      "Managers build their own reports without waiting for IT.",
      ("A self-service reporting tool for managers",)),
    F("telemetry", DATA, "opsdata", PLANNED, "Telemetry kept for five years",
      "Readings from installed systems are kept for five years, for warranty questions."),
    F("batch", DATA, "opsdata", BACKLOG, "Traceability search by skid serial number",
      "Find every part and test of a skid from its serial number."),
    F(None, DATA, "opsdata", BACKLOG, "Downtime report by line and cause",
      "See why each line stopped last week, by cause."),
    F("testrig", WPL, "opsdata", PLANNED, "Test-rig PCs off Windows 7",
      "Test-rig PCs run a supported, patched system."),
    F("lab", DATA, "opsdata", DOING, "Electronic lab notebook",
      "Lab work is recorded in a searchable notebook instead of paper.",
      ("An electronic lab notebook",)),
    F("maint", DATA, "opsdata", PLANNED, "Maintenance planned from equipment hours",
      "Maintenance is planned from how long a machine ran, not from the calendar."),
    # One collaboration workspace
    F("chat", COL, "workspace", DOING, "Team chat for shift supervisors",
      "Shift supervisors chat in the company's own tool instead of WhatsApp.",
      ("Team chat for shift supervisors instead of WhatsApp",)),
    F("files", COL, "workspace", PLANNED, "Large files shared with partners",
      "Send test data, CAD files and videos to partners and customers with a secure link.",
      ("Send large files to partners without USB sticks", "A way to share large files with external partners",
       "Share large files with customers securely")),
    F("mail", COL, "workspace", PLANNED, "Shared mailboxes without a ticket",
      "Team leads set up a shared mailbox themselves, in minutes.",
      ("Create shared mailboxes without a ticket",)),
    F("mail", COL, "workspace", DOING, "Book meeting rooms from your phone",
      "Find and book a free room from your phone, on the way to the meeting.",
      ("Book meeting rooms from my phone",)),
    F("video", COL, "workspace", PLANNED, "Live captions in video meetings",
      "Turn on captions in any video meeting.",
      ("Live captions in video meetings",)),
    F("video", WPL, "workspace", DONE, "Boardroom video kit",
      "Remote directors see and hear the whole boardroom."),
    F("video", WPL, "workspace", DOING, "Echo-free meeting room 2",
      "No more echo when someone joins meeting room 2 from a laptop."),
    F("whiteboard", COL, "workspace", PLANNED, "Tablet sketches in the workshop boards",
      "Sketches from a tablet go straight onto the workshop board.",
      ("Import sketches from a tablet into the workshop boards",)),
    F(None, COL, "workspace", DOING, "Electronic signatures for contracts",
      "Sign contracts and HR documents online instead of printing and scanning.",
      ("Electronic signatures for contracts", "Sign documents digitally instead of printing and scanning")),
    F(None, COL, "workspace", DOING, "AI summaries of long documents and meetings",
      "An approved assistant summarises long documents and meeting recordings.",
      ("An AI assistant to summarise long documents and meetings",)),
    F("boards", COL, "workspace", DONE, "Project boards for cross-team work",
      "Teams plan shared projects on one board."),
    F("files", COL, "workspace", DONE, "Team sites with guest access",
      "Invite a customer or partner to a team site for a project."),
    F("chat", COL, "workspace", BACKLOG, "Chat channels for customer projects",
      "Chat with a customer's project team in a shared channel."),
    F("mail", COL, "workspace", BACKLOG, "Email archive searchable by submission number",
      "Find every email about a regulatory submission by its number."),
    F("mail", COL, "workspace", DONE, "Bigger mailboxes",
      "No more weekly “mailbox full” warnings.",
      ("Mailbox full warnings every week",)),
    F("mail", COL, "workspace", PLANNED, "Customer invitations in the right time zone",
      "Invitations from customers abroad show at the right time."),
    F("files", COL, "workspace", BACKLOG, "Board pack portal",
      "Directors read the current board pack in one place, with versions."),
    F("video", WPL, "workspace", PLANNED, "Wireless screen sharing in the boardroom",
      "Share your laptop screen in the boardroom without cables, first time."),
    # On the roadmap without an initiative: they serve no goal yet
    F(None, WPL, None, DOING, "Faster VPN for home working",
      "The VPN keeps up with video calls and large files from home."),
    F(None, WPL, None, DOING, "Guest Wi-Fi in meeting rooms",
      "Visitors get onto the Wi-Fi with a code from reception.",
      ("Guest Wi-Fi for visitors", "Visitors can't get onto the Wi-Fi")),
    F(None, WPL, None, PLANNED, "Wi-Fi coverage in hall C",
      "Scanners and tablets stay connected at the far end of hall C.",
      ("Wi-Fi drops at the far end of hall C",)),
    F(None, WPL, None, BACKLOG, "Mobile printing at the office",
      "Print from your phone to any office printer."),
    F(None, WPL, None, BACKLOG, "Faster laptops for CAD engineers",
      "CAD models open in seconds on engineers' laptops."),
    F(None, WPL, None, PLANNED, "Second monitors for spreadsheet work",
      "People who live in spreadsheets get a second screen.",
      ("Second monitors for people who work in spreadsheets", "Dual monitors for the accounts payable team")),
    F("mes", WPL, None, PLANNED, "Work-order screens that survive shift change",
      "Work-order screens no longer freeze when the shift changes."),
    F(None, WPL, None, PLANNED, "New label printer in dispatch",
      "Dispatch labels print first time."),
    F("servers", SDT, None, PLANNED, "Automatic patching for the plant servers",
      "Plant servers are patched automatically in the maintenance window."),
    F("dbpatch", SDT, None, DOING, "Database patching in the maintenance window",
      "Databases are patched without weekend overtime."),
    F(None, SDT, None, BACKLOG, "Central logging for servers and network",
      "When something breaks, IT finds the cause in one place."),
    F(None, SDT, None, DOING, "Service desk chat on the intranet",
      "Chat with the service desk from the intranet."),
    F("careers", COL, None, PLANNED, "Filled jobs removed from the careers site",
      "The careers site shows only jobs that are still open.",
      ("Careers site shows jobs that were filled months ago",)),
    F("website", COL, None, BACKLOG, "Product pages in German and Polish",
      "Customers read product pages in their own language."),
    F(None, DATA, None, BACKLOG, "Approved AI coding assistant pilot",
      "Engineers try an approved coding assistant for test scripts."),
    F(None, SDT, None, PLANNED, "Book holidays online",
      "Request leave online, see your remaining days, and get your manager's answer by email.",
      ("Book holidays online instead of on paper forms",)),
    F("phone", WPL, None, DROPPED, "Satellite phones for site visits",
      "Satellite phones for remote sites. Dropped: mobile coverage is good enough at every site."),
    F(None, WPL, None, DROPPED, "A printer on every floor",
      "A printer on every floor. Dropped in favour of mobile printing."),
    F("leads", COL, None, DONE, "Trade-show lead capture on tablets",
      "Scan a visitor's badge at the stand; the lead is in the CRM the same day."),
    F("campaigns", COL, None, BACKLOG, "Newsletter sign-up for distributors",
      "Distributors sign up for the newsletter on the extranet."),
    F("quotes", COL, None, PLANNED, "Quote templates in German and Polish",
      "Quotes go out in the customer's language."),
    F("encmail", COL, None, PLANNED, "Regulatory dossiers sent without DVDs",
      "Send dossiers to regulators with a secure link, and get a receipt when they download them.",
      ("Send regulatory dossiers to regulators without burning DVDs",)),
    F("crm", DATA, None, PLANNED, "Pipeline report by region that updates itself",
      "Sales managers see the pipeline by region without building it by hand.",
      ("Pipeline report by region that updates itself",)),
    F(None, WPL, None, BACKLOG, "A small compute server for simulations",
      "Engineers run simulations overnight on a shared server."),
    F(None, DATA, None, BACKLOG, "Digital timesheets for hourly staff",
      "Hourly staff record their hours on a kiosk or phone."),
    F("website", COL, None, PLANNED, "Reference map of installed systems",
      "Sales shows prospects where our systems already run."),
    F("campaigns", COL, None, DROPPED, "A second email marketing tool",
      "A separate tool for the distributor newsletter. Dropped: the current one can do it."),
    F(None, SDT, None, DOING, "Asset register of every laptop and phone",
      "IT knows who has which device, and when it is due for replacement."),
    F("phone", SDT, None, BACKLOG, "Customer's name shown on support calls",
      "The support line shows who is calling before you answer."),
)

# Who a feature on a service is for, when it names people (persona names from the portfolio demo).
PERSONAS: dict[str, tuple[str, ...]] = {
    "ap": ("Adam, accounts payable clerk",),
    "purchase": ("Lars, logistics coordinator", "Adam, accounts payable clerk"),
    "close": ("Fiona, financial analyst",),
    "budget": ("Fiona, financial analyst", "Diana, department head"),
    "expenses": ("Alex, account executive", "Diana, department head"),
    "crm": ("Alex, account executive",),
    "quotes": ("Alex, account executive",),
    "leads": ("Mia, digital marketer", "Alex, account executive"),
    "cases": ("Carmen, customer success manager",),
    "manuals": ("Carmen, customer success manager",),
    "telemetry": ("Carmen, customer success manager",),
    "campaigns": ("Mia, digital marketer",),
    "website": ("Mia, digital marketer",),
    "careers": ("Rosa, recruiter",),
    "mes": ("Sven, shift supervisor",),
    "kiosk": ("Sven, shift supervisor",),
    "batch": ("Quinn, quality engineer", "Sven, shift supervisor"),
    "testrig": ("Quinn, quality engineer", "Ravi, R&D engineer"),
    "lab": ("Quinn, quality engineer",),
    "maint": ("Sven, shift supervisor",),
    "encmail": ("Rita, regulatory affairs specialist",),
    "mail": ("Elena, executive assistant", "Diana, department head"),
    "video": ("Elena, executive assistant",),
    "intranet": ("Lena, learning designer", "Sven, shift supervisor"),
    "files": ("Ravi, R&D engineer", "Mia, digital marketer"),
    "whiteboard": ("Ravi, R&D engineer",),
    "chat": ("Sven, shift supervisor",),
}

# What a ticket says, by the phase of the feature's work.
TASKS: dict[str, tuple[str, ...]] = {
    "early": ("Spike: options for {name}", "Design: {name}", "Security review: {name}", "Estimate: {name}"),
    "build": ("Build: {name}", "Configure {service} for {name}", "Integrate {name} with single sign-on",
              "Migrate data for {name}", "Automate deployment of {name}", "API changes for {name}"),
    "late": ("Test {name} with the pilot group", "User guide: {name}", "Roll out {name} to all sites",
             "Fix: edge cases found in pilot of {name}", "Monitoring and alerts for {name}"),
}

# Work nobody put on the roadmap: (team, status category, title, labels)
UNPLANNED: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (WPL, "in_progress", "Replace the core switch in hall B", ("network", "hardware")),
    (WPL, "in_progress", "Investigate slow logins on Monday mornings", ("performance",)),
    (WPL, "in_progress", "Move file server FS02 to the cloud", ("migration", "tech-debt")),
    (WPL, "in_progress", "Update BIOS on 140 laptops of the 2022 batch", ("security", "hardware")),
    (WPL, "in_progress", "Meeting room displays lose their schedule overnight", ("bug",)),
    (WPL, "in_progress", "Rebuild the print server", ("tech-debt",)),
    (WPL, "in_progress", "New laptops for the Rotterdam sales office", ("hardware",)),
    (IAM, "in_progress", "Clean up 300 stale groups in the directory", ("tech-debt", "security")),
    (IAM, "in_progress", "Renew the SAML certificate for the HR system", ("security",)),
    (IAM, "in_progress", "Audit request: list of admin accounts for the auditors", ("audit",)),
    (IAM, "in_progress", "Service accounts without owners", ("security", "tech-debt")),
    (IAM, "in_progress", "Conditional access rule blocks the warehouse scanners", ("bug",)),
    (COL, "in_progress", "Upgrade the intranet's content management system", ("tech-debt",)),
    (COL, "in_progress", "Renew TLS certificates on the website and extranet", ("security",)),
    (COL, "in_progress", "Marketing asks for a microsite for the trade fair", ("request",)),
    (COL, "in_progress", "Mail flow rule for the new legal entity in Poland", ("request",)),
    (COL, "in_progress", "Team sites over their storage quota", ("storage",)),
    (COL, "in_progress", "Website cookie banner update for the new guidance", ("compliance",)),
    (DATA, "in_progress", "Upgrade the database cluster to the supported version", ("tech-debt",)),
    (DATA, "in_progress", "Rebuild the nightly pipeline after the ERP upgrade", ("bug",)),
    (DATA, "in_progress", "One-off extract of sales by customer for the CFO", ("request",)),
    (DATA, "in_progress", "Tidy up duplicated customer records", ("data-quality",)),
    (DATA, "in_progress", "Slow month-end query on the cost-centre view", ("performance",)),
    (DATA, "in_progress", "Move the reporting server to new hardware", ("hardware", "tech-debt")),
    (SDT, "in_progress", "Upgrade Jira to the latest long-term release", ("tech-debt",)),
    (SDT, "in_progress", "Patch the remote-access gateway", ("security",)),
    (SDT, "in_progress", "Monitoring for the new backup appliance", ("monitoring",)),
    (SDT, "in_progress", "Service desk phone menu in Polish", ("request",)),
    (SDT, "in_progress", "Replace the expiring antivirus licences", ("licences",)),
    (SDT, "in_progress", "Tidy the asset spreadsheet before the audit", ("audit",)),
    (WPL, "to_do", "Recycle the 2019 laptops", ("hardware",)),
    (WPL, "to_do", "Wi-Fi survey of the new warehouse", ("network",)),
    (IAM, "to_do", "Document the break-glass admin procedure", ("security", "docs")),
    (IAM, "to_do", "Remove legacy password policy exceptions", ("security",)),
    (COL, "to_do", "Archive team sites of closed projects", ("storage",)),
    (COL, "to_do", "Retire the old newsletter template", ("tech-debt",)),
    (DATA, "to_do", "Delete test copies of production data", ("security", "data-quality")),
    (DATA, "to_do", "Document the finance data model", ("docs",)),
    (DATA, "to_do", "Costs of the data platform by team", ("finance",)),
    (SDT, "to_do", "Review the service desk's canned answers", ("docs",)),
    (SDT, "to_do", "Replace the old monitoring dashboards", ("monitoring", "tech-debt")),
    (SDT, "to_do", "Disaster-recovery test of the ticketing system", ("resilience",)),
    (WPL, "done", "Replace the broken access point in the canteen", ("network",)),
    (WPL, "done", "Set up laptops for the summer interns", ("hardware",)),
    (IAM, "done", "Renew the code-signing certificate", ("security",)),
    (COL, "done", "Fix the broken contact form on the website", ("bug",)),
    (COL, "done", "Mailbox migration for the acquired subsidiary", ("migration",)),
    (DATA, "done", "Year-end currency rates loaded", ("finance",)),
    (DATA, "done", "Fix duplicate rows in the sales report", ("bug", "data-quality")),
    (SDT, "done", "Patch Tuesday rollout for the servers", ("security",)),
    (SDT, "done", "Move the service desk wiki to the intranet", ("docs",)),
    (SDT, "done", "Alert on full disks for the file servers", ("monitoring",)),
)
# fmt: on

JIRA_STATUSES: dict[str, tuple[str, ...]] = {
    "to_do": ("To Do", "To Do", "Selected for Development", "Backlog"),
    "in_progress": ("In Progress", "In Progress", "In Review", "Blocked"),
    "done": ("Done", "Done", "Closed"),
}
POINTS = (Decimal(1), Decimal(2), Decimal(3), Decimal(3), Decimal(5), Decimal(5), Decimal(8), Decimal(13))
IMPACTS = ("0.25", "0.5", "1", "1", "2", "2", "3")
PHASES = {"done": "early", "in_progress": "build", "to_do": "late"}  # the kind of ticket, by its status
STATUS_ORDER = {DONE: 0, DOING: 1, PLANNED: 2, BACKLOG: 3, DROPPED: 4}
IDEA_STAGE = {PLANNED: Stage.PLANNED, DOING: Stage.IN_PROGRESS, DONE: Stage.SHIPPED}
STAGE_ORDER: dict[str, int] = {
    Stage.NEW: 0,
    Stage.UNDER_REVIEW: 0,
    Stage.PLANNED: 1,
    Stage.IN_PROGRESS: 2,
    Stage.SHIPPED: 3,
}

# The feature status that moves a linked idea to each stage, and what the idea's followers read.
IDEA_STAGE_FEATURE = {Stage.PLANNED: PLANNED, Stage.IN_PROGRESS: DOING, Stage.SHIPPED: DONE}
MESSAGES = {
    Stage.PLANNED: "Planned: it is part of “{feature}” on IT's roadmap.",
    Stage.IN_PROGRESS: "In progress: work on “{feature}” has started. We'll post here when it is ready.",
    Stage.SHIPPED: "Shipped with “{feature}”.",
}
