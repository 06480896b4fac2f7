"""What the demo portfolio holds: markets with their segments and competitors, personas,
services with their options, use-case stories, shadow-IT tools and option requests."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Competitor, Service

SEED = 4_2026
EVERYONE = "*"  # a segment's departments: every top-level department, so the whole company
PROVIDER = Competitor.Kind.PROVIDER
DEPARTMENT_TOOL = Competitor.Kind.DEPARTMENT_TOOL
LIVE = Service.Lifecycle.LIVE
PROPOSED = Service.Lifecycle.PROPOSED
IN_DEVELOPMENT = Service.Lifecycle.IN_DEVELOPMENT
RETIRING = Service.Lifecycle.RETIRING
RETIRED = Service.Lifecycle.RETIRED
DIFFERENTIATING = Service.Kind.DIFFERENTIATING
UTILITY = Service.Kind.UTILITY
DESK = "https://help.brightwater.example/request"


@dataclass(frozen=True)
class SegmentSpec:
    name: str
    departments: tuple[str, ...] | str  # department names, or EVERYONE
    value_proposition: str
    needs: str
    estimated_size: int | None = None


@dataclass(frozen=True)
class MarketSpec:
    name: str
    owner: int  # index into the product managers, the demo PM first
    description: str
    value_proposition: str
    competitive_advantages: str
    vulnerabilities: str
    competitors: tuple[tuple[str, str, str, str], ...]  # name, kind, notes, website
    segments: tuple[SegmentSpec, ...]


MARKETS: tuple[MarketSpec, ...] = (
    MarketSpec(
        name="Email and communications hosting",
        owner=0,
        description="Mailboxes, calendars, meetings and phone numbers for everyone at Brightwater.",
        value_proposition=(
            "One address, calendar and phone number per person that works on any device from the first day, "
            "with the company's retention rules and legal hold built in and a service desk that knows you."
        ),
        competitive_advantages=(
            "Already connected to the company directory: joiners get a mailbox before they arrive.\n"
            "Retention, legal hold and ten-year archiving that Regulatory Affairs can show an auditor.\n"
            "Cost spread over the whole company, so small teams pay far less than buying alone."
        ),
        vulnerabilities=(
            "Mailbox limits feel small next to consumer services.\n"
            "Shared inboxes take a ticket and two days to set up.\n"
            "Shop-floor staff without a desk have no good way in, so they use WhatsApp groups."
        ),
        competitors=(
            (
                "Google Workspace",
                PROVIDER,
                "Sells mail, calendar and meetings per user, straight to department heads with a credit card.",
                "https://workspace.google.com",
            ),
            (
                "Proton Mail Business",
                PROVIDER,
                "Encrypted mail; Regulatory Affairs signed up three people to send dossiers to regulators.",
                "https://proton.me/business",
            ),
            (
                "WhatsApp groups on the shop floor",
                DEPARTMENT_TOOL,
                "Shift supervisors run their handovers and overtime offers in WhatsApp groups on personal phones.",
                "",
            ),
        ),
        segments=(
            SegmentSpec(
                name="Everyone",
                departments=EVERYONE,
                value_proposition="Email, calendar and meetings that just work on a laptop or a phone, with nothing "
                "to set up.",
                needs="Reliable mail and calendar, meeting rooms, video calls, the company address book, "
                "a mailbox ready on the first day.",
            ),
            SegmentSpec(
                name="Regulated correspondence",
                departments=("Regulatory Affairs",),
                value_proposition="Correspondence with regulators is encrypted in transit, kept unaltered for ten "
                "years and found "
                "in minutes when an auditor asks.",
                needs="Enhanced security for submissions to drinking-water regulators (NSF, DWI, WRAS), tamper-proof "
                "archiving for ten years, legal hold, proof of what was sent to whom and when.",
            ),
            SegmentSpec(
                name="Shop-floor and warehouse staff",
                departments=("Manufacturing", "Logistics"),
                value_proposition="Company news and shift messages reach people who never sit at a desk, on a shared "
                "kiosk or "
                "their own phone.",
                needs="Sign in quickly on shared devices, read notices and payslip messages, no personal phone "
                "required.",
            ),
        ),
    ),
    MarketSpec(
        name="ERP and financial management",
        owner=1,
        description="Paying suppliers, closing the books, budgeting and purchasing.",
        value_proposition=(
            "One set of books the auditors trust, where an invoice is paid on time without chasing and every "
            "budget holder sees their spend the same day."
        ),
        competitive_advantages=(
            "Holds eight years of ledger history and the chart of accounts the auditors signed off.\n"
            "Purchase orders, goods receipt and invoices match in one place.\n"
            "Integrated with production costing for each treatment skid."
        ),
        vulnerabilities=(
            "Month-end reports take two days; FP&A rebuilds them in spreadsheets.\n"
            "Approvals need a laptop and the VPN.\n"
            "Cloud ERPs promise a six-week rollout to a finance director who is tired of waiting."
        ),
        competitors=(
            (
                "Oracle NetSuite",
                PROVIDER,
                "Pitches a cloud ERP to the Finance Director every quarter.",
                "https://www.netsuite.com",
            ),
            (
                "Xero",
                PROVIDER,
                "Cheap cloud accounting; the subsidiary in Ireland already uses it.",
                "https://www.xero.com",
            ),
            (
                "FP&A's consolidation workbooks",
                DEPARTMENT_TOOL,
                "Forty linked Excel workbooks with macros that FP&A built because the ERP reports are too slow.",
                "",
            ),
        ),
        segments=(
            SegmentSpec(
                name="Finance operations",
                departments=("Accounts Payable",),
                value_proposition="Invoices in, suppliers paid on time, no chasing: the ledger is right first time.",
                needs="Fast invoice entry, three-way match, payment runs, supplier queries answered from one screen.",
            ),
            SegmentSpec(
                name="Planning and analysis",
                departments=("Financial Planning & Analysis",),
                value_proposition="Actuals they can trust by the third working day, and a forecast that does not "
                "live in e-mail "
                "attachments.",
                needs="Quick month-end figures, driver-based forecasts, one version of the budget.",
            ),
            SegmentSpec(
                name="Supply chain and purchasing",
                departments=("Logistics",),
                value_proposition="Order parts, receive them and know what is in stock without ringing the warehouse.",
                needs="Purchase orders, goods receipt on a handheld, stock levels per site.",
            ),
            SegmentSpec(
                name="Budget holders and approvers",
                departments=(),
                value_proposition="Approve spend from anywhere in a minute and see what is left in the budget.",
                needs="Approvals on the phone, a clear view of their cost centre, no finance jargon.",
                estimated_size=45,
            ),
        ),
    ),
    MarketSpec(
        name="CRM and sales automation",
        owner=2,
        description="Customer accounts, pipeline, quotes, support cases and campaigns.",
        value_proposition=(
            "Every conversation with a utility or an industrial customer in one place, from the first enquiry "
            "to the commissioning visit, so nobody asks the customer the same question twice."
        ),
        competitive_advantages=(
            "Linked to the ERP: quotes use current prices and lead times for each skid.\n"
            "Support cases see the installed base and the serial numbers from manufacturing.\n"
            "Single sign-on and the company's data-protection terms already in place."
        ),
        vulnerabilities=(
            "The mobile app is slow on site and useless without signal.\n"
            "Field Sales South already pays for Pipedrive and likes it.\n"
            "Marketing cannot run campaigns from it, so they pay for Mailchimp."
        ),
        competitors=(
            (
                "Salesforce Sales Cloud",
                PROVIDER,
                "The default choice a new sales director brings along.",
                "https://www.salesforce.com",
            ),
            (
                "HubSpot",
                PROVIDER,
                "Marketing and sales in one, with a free tier that teams start on quietly.",
                "https://www.hubspot.com",
            ),
            (
                "Pipedrive (Field Sales South)",
                DEPARTMENT_TOOL,
                "Bought on a team credit card for its mobile app.",
                "https://www.pipedrive.com",
            ),
        ),
        segments=(
            SegmentSpec(
                name="Field sales",
                departments=("Field Sales North", "Field Sales South"),
                value_proposition="Know the account before walking into the utility's office, and send a quote from "
                "the car park.",
                needs="Account history on the phone, offline notes, quick quotes with current prices.",
            ),
            SegmentSpec(
                name="Customer success and service",
                departments=("Customer Success",),
                value_proposition="See every installed system, its service history and open cases before the "
                "customer rings.",
                needs="Installed base with serial numbers, case history, service contract dates.",
            ),
            SegmentSpec(
                name="Marketing campaigns",
                departments=("Marketing",),
                value_proposition="Reach the right plant managers with the right message, and hand warm leads to "
                "sales.",
                needs="Segmented mailing lists, campaign results, lead hand-over.",
            ),
        ),
    ),
    MarketSpec(
        name="Collaboration",
        owner=0,
        description="Shared files, team sites, chat, project boards and the intranet.",
        value_proposition=(
            "Work on the same files with colleagues and partners from anywhere, safely, without e-mailing "
            "attachments or paying for a tool on the side."
        ),
        competitive_advantages=(
            "Files stay under the company's retention and export-control rules.\n"
            "Sharing with suppliers and utilities uses the same sign-in as everything else.\n"
            "Already paid for; adding a team costs nothing."
        ),
        vulnerabilities=(
            "Large CAD and test-rig files upload slowly.\n"
            "External sharing needs a ticket, so R&D uses Dropbox.\n"
            "Marketing prefers Trello's boards to anything IT offers."
        ),
        competitors=(
            ("Slack", PROVIDER, "Chat that engineers bring from previous jobs.", "https://slack.com"),
            (
                "Dropbox Business",
                PROVIDER,
                "R&D shares large drawings with suppliers through it.",
                "https://www.dropbox.com/business",
            ),
            (
                "Trello boards (Marketing)",
                DEPARTMENT_TOOL,
                "Marketing plans campaigns and trade shows on Trello.",
                "https://trello.com",
            ),
        ),
        segments=(
            SegmentSpec(
                name="Office-based teams",
                departments=(
                    "Executive Office",
                    "Finance",
                    "Human Resources",
                    "Legal & Compliance",
                    "Sales",
                    "Marketing",
                    "Information Technology",
                ),
                value_proposition="Find the latest version of any document and work on it together in a meeting.",
                needs="Shared folders per team, co-editing, chat, simple project boards.",
            ),
            SegmentSpec(
                name="Engineering and R&D",
                departments=("Research & Development", "Quality Assurance"),
                value_proposition="Share large drawings and test data with suppliers and certifiers without a ticket.",
                needs="Large files, version history, controlled external sharing, export-control labels.",
            ),
            SegmentSpec(
                name="Production and warehouse teams",
                departments=("Manufacturing", "Logistics"),
                value_proposition="Shift notices and handovers on the screen by the line, not on a personal phone.",
                needs="Shared screens, quick messages per shift, read receipts for safety notices.",
            ),
            SegmentSpec(
                name="Learning and onboarding",
                departments=("Learning & Development",),
                value_proposition="Courses and onboarding material that new starters can find on day one.",
                needs="A place to publish courses, track completion, host recordings.",
            ),
        ),
    ),
    MarketSpec(
        name="Website development and management",
        owner=3,
        description="brightwater.example, the careers site and the product documentation portal.",
        value_proposition="",  # not written yet: the portfolio-health summary points it out
        competitive_advantages=(
            "Hosting, security patches and certificates handled; no agency invoices for small changes.\n"
            "Product data comes straight from the engineering system, so datasheets are current."
        ),
        vulnerabilities=(
            "A new landing page takes three weeks; Marketing built two on Wix instead.\n"
            "Agencies promise a redesign in a month."
        ),
        competitors=(
            (
                "Wix (Marketing's campaign sites)",
                DEPARTMENT_TOOL,
                "Marketing built trade-show microsites on Wix.",
                "https://www.wix.com",
            ),
            ("Northlight Creative (web agency)", PROVIDER, "Offered to rebuild and host the whole website.", ""),
        ),
        segments=(
            SegmentSpec(
                name="Marketing and communications",
                departments=("Marketing", "Executive Office"),
                value_proposition="Publish a product page or a press release the same day, in four languages.",
                needs="Self-service page editing, landing pages for campaigns, analytics.",
            ),
            SegmentSpec(
                name="Employer brand and recruiting",
                departments=("Recruiting",),
                value_proposition="Job adverts that look like Brightwater and reach engineers where they look.",
                needs="Careers pages, job feeds to boards, application tracking hand-off.",
            ),
            SegmentSpec(
                name="Product documentation",
                departments=("Research & Development", "Customer Success"),
                value_proposition="Customers find the right manual for their unit's serial number without calling "
                "support.",
                needs="Versioned manuals per product, search, PDFs for site engineers.",
            ),
        ),
    ),
    MarketSpec(
        name="Manufacturing and plant systems",
        owner=4,
        description=(
            "The systems that build, test and trace Brightwater's filtration skids, UV units and dosing systems."
        ),
        value_proposition=(
            "Every skid built to plan, tested and traceable part by part, so certification audits pass and "
            "customers get the certificate of conformity the day their system ships."
        ),
        competitive_advantages=(
            "Knows Brightwater's bills of materials, routings and test procedures.\n"
            "Batch records and test results are linked to serial numbers for NSF/ANSI 61 and CE audits.\n"
            "On-site support on every shift."
        ),
        vulnerabilities=(
            "Shift supervisors still print paper travellers.\n"
            "Quality keeps test results in shared spreadsheets.\n"
            "MES vendors sell hosted systems directly to the Operations Director."
        ),
        competitors=(
            (
                "Siemens Opcenter (hosted MES)",
                PROVIDER,
                "Offered a hosted MES pilot to Operations.",
                "https://www.siemens.com",
            ),
            ("Tulip", PROVIDER, "No-code shop-floor apps that a supervisor can build on a tablet.", "https://tulip.co"),
            (
                "Paper travellers and spreadsheets",
                DEPARTMENT_TOOL,
                "How most work orders and test results are still tracked on the lines.",
                "",
            ),
        ),
        segments=(
            SegmentSpec(
                name="Production lines",
                departments=("Manufacturing",),
                value_proposition="The right work order, drawing and parts at each station, and a clean handover "
                "every shift.",
                needs="Schedules per line, digital travellers, maintenance requests, shift handover notes.",
            ),
            SegmentSpec(
                name="Quality and certification",
                departments=("Quality Assurance",),
                value_proposition="Every test result tied to a serial number, ready for the certifier without a week "
                "of searching.",
                needs="Batch records, inspection plans, certificates of conformity, non-conformance reports.",
            ),
            SegmentSpec(
                name="Product engineering",
                departments=("Research & Development",),
                value_proposition="Test-rig data captured automatically and comparable across prototypes.",
                needs="Data capture from test rigs, lab results, engineering change control.",
            ),
            SegmentSpec(
                name="Field service and commissioning",
                departments=("Customer Success",),
                value_proposition="Know how an installed system performs before driving to the plant.",
                needs="Remote readings from installed units, service history, spare parts.",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class PersonaSpec:
    name: str
    summary: str
    segments: tuple[str, ...]
    departments: tuple[str, ...]
    job_titles: tuple[str, ...]
    needs: str
    expectations: str
    values: str
    pains: str
    typical_day: str


PERSONAS: tuple[PersonaSpec, ...] = (
    PersonaSpec(
        name="Rita, regulatory affairs specialist",
        summary="Prepares certification dossiers and corresponds with drinking-water regulators.",
        segments=("Regulated correspondence", "Everyone"),
        departments=("Regulatory Affairs",),
        job_titles=("Regulatory Affairs Specialist", "Compliance Officer", "Compliance Analyst"),
        needs="To send submissions that only the regulator can read, and to prove years later exactly what was sent.",
        expectations="Archiving that works without thinking about it; a search that finds a 2017 letter in minutes.",
        values="Being audit-ready, accuracy, a clear trail of who approved what.",
        pains="Encrypted mail means a separate Proton account; old mail is in PST files on a share; auditors wait "
        "while she searches.",
        typical_day="Starts with the regulators' portal and her inbox, assembles test reports from Quality into a "
        "dossier, "
        "sends two or three submissions, answers queries from NSF auditors in the afternoon.",
    ),
    PersonaSpec(
        name="Adam, accounts payable clerk",
        summary="Enters and matches supplier invoices and runs the weekly payment run.",
        segments=("Finance operations",),
        departments=("Accounts Payable",),
        job_titles=("Accounts Payable Clerk", "Payments Specialist"),
        needs="Invoices matched to orders and receipts without re-typing; suppliers' questions answered from one "
        "screen.",
        expectations="The ledger is up when he starts at 7:30; the payment run finishes before the bank's cut-off.",
        values="Accuracy, a clear queue, not being chased by suppliers.",
        pains="Half the invoices arrive as PDFs he types in by hand; approvers sit on invoices for weeks.",
        typical_day="Clears the invoice inbox, chases approvals by e-mail, handles supplier calls, prepares the "
        "Thursday payment run.",
    ),
    PersonaSpec(
        name="Fiona, financial analyst",
        summary="Builds the monthly management pack and the rolling forecast.",
        segments=("Planning and analysis", "Office-based teams"),
        departments=("Financial Planning & Analysis",),
        job_titles=("Financial Analyst", "FP&A Manager"),
        needs="Actuals she can trust by working day three, and one forecast everybody edits.",
        expectations="Reports that do not need a night of spreadsheet work to reconcile.",
        values="One version of the truth, speed at month-end, being asked for insight rather than numbers.",
        pains="ERP reports are slow; forty linked workbooks break when someone renames a tab.",
        typical_day="Downloads actuals, reconciles them in Excel, chases budget holders for their forecasts, builds "
        "slides "
        "for the Friday review.",
    ),
    PersonaSpec(
        name="Alex, account executive",
        summary="Sells treatment systems to municipal utilities and industrial plants, mostly on the road.",
        segments=("Field sales", "Everyone"),
        departments=("Field Sales North", "Field Sales South"),
        job_titles=("Account Executive", "Regional Sales Manager", "Field Sales Lead"),
        needs="The account's history and open cases on the phone before a meeting; a quote sent the same day.",
        expectations="It works with one bar of signal in a plant's car park.",
        values="Speed, looking prepared in front of the customer, not doing admin in the evening.",
        pains="The CRM app needs signal and six taps; quotes wait for a colleague in the office; notes get typed up "
        "at night.",
        typical_day="Two or three site visits, calls between them from the car, updates the pipeline on Friday "
        "afternoon.",
    ),
    PersonaSpec(
        name="Carmen, customer success manager",
        summary="Keeps utilities and plants happy with their installed systems after commissioning.",
        segments=("Customer success and service", "Field service and commissioning", "Product documentation"),
        departments=("Customer Success",),
        job_titles=("Customer Success Manager", "Support Engineer"),
        needs="Every installed unit, its serial numbers and service history in one view; the right manual at hand.",
        expectations="A call is answered with the customer's system already on screen.",
        values="Knowing the customer, fixing things first time, renewals without surprises.",
        pains="Installed-base data lives in three spreadsheets; customers e-mail for manuals the website should have.",
        typical_day="Morning case review, calls with plant operators, a commissioning visit or remote session, renewal "
        "prep in the afternoon.",
    ),
    PersonaSpec(
        name="Mia, digital marketer",
        summary="Runs campaigns, trade shows and the company's web presence.",
        segments=("Marketing campaigns", "Marketing and communications"),
        departments=("Marketing",),
        job_titles=("Marketing Manager", "Digital Marketer", "Content Writer"),
        needs="A landing page live the same day, campaign lists from the CRM, leads handed to sales automatically.",
        expectations="She can change a page herself without a ticket.",
        values="Speed to market, measurable results, a brand that looks the same everywhere.",
        pains="Three weeks for a landing page; lists exported by hand; Wix and Mailchimp paid on her card.",
        typical_day="Plans the next trade show, writes copy, checks campaign results, argues with the web queue.",
    ),
    PersonaSpec(
        name="Sven, shift supervisor",
        summary="Runs a production line building membrane filtration skids, on rotating shifts.",
        segments=("Production lines", "Production and warehouse teams", "Shop-floor and warehouse staff"),
        departments=("Manufacturing",),
        job_titles=("Shift Supervisor", "Production Operator", "Maintenance Technician"),
        needs="The day's work orders and drawings at each station, a handover that the next shift actually reads.",
        expectations="Screens that work with gloves on; no password every ten minutes.",
        values="Safety, output, a calm handover, his team not wasting time looking for parts.",
        pains="Paper travellers get lost; handovers happen in WhatsApp; he has no desk and no company phone.",
        typical_day="Handover at 6:00, stand-up by the line, chases missing parts, logs a breakdown, signs off "
        "completed "
        "skids, handover at 14:00.",
    ),
    PersonaSpec(
        name="Quinn, quality engineer",
        summary="Owns inspection plans and certification evidence for every product line.",
        segments=("Quality and certification", "Engineering and R&D"),
        departments=("Quality Assurance",),
        job_titles=("Quality Engineer", "Quality Inspector"),
        needs="Test results tied to serial numbers automatically; certificates produced without copy and paste.",
        expectations="When the certifier asks for a unit's records, they are ready in minutes.",
        values="Traceability, evidence, no surprises at audit.",
        pains="Results typed into Google Sheets; certificates built in Word; old records only on paper.",
        typical_day="Reviews overnight test results, investigates a non-conformance, prepares evidence for the next "
        "NSF audit.",
    ),
    PersonaSpec(
        name="Ravi, R&D engineer",
        summary="Designs and tests the next generation of UV and membrane units.",
        segments=("Product engineering", "Engineering and R&D", "Product documentation"),
        departments=("Research & Development",),
        job_titles=("R&D Engineer", "Research Scientist", "Lab Technician"),
        needs="Share multi-gigabyte drawings with suppliers; capture rig data without USB sticks.",
        expectations="External sharing in a minute, not a ticket; data from every rig in one place.",
        values="Fast iteration, good data, working with suppliers as one team.",
        pains="Files too big for e-mail; Dropbox links outside IT's view; rig data on laptops.",
        typical_day="Runs tests on the rig in the morning, reviews drawings with a supplier after lunch, writes up "
        "results.",
    ),
    PersonaSpec(
        name="Lars, logistics coordinator",
        summary="Plans deliveries of skids and spare parts to sites across the country.",
        segments=("Supply chain and purchasing", "Production and warehouse teams"),
        departments=("Logistics",),
        job_titles=("Logistics Coordinator", "Fleet Planner", "Warehouse Operative"),
        needs="Stock and delivery dates he can trust; routes planned without a separate app.",
        expectations="Goods receipt on a handheld that updates stock at once.",
        values="Reliability, on-time delivery, fewer phone calls.",
        pains="Stock levels are a day out of date; route planning happens in RouteXL on a personal account.",
        typical_day="Checks what shipped overnight, books hauliers, answers 'where is my part?' calls, plans "
        "tomorrow's routes.",
    ),
    PersonaSpec(
        name="Rosa, recruiter",
        summary="Hires engineers and production staff in a tight market.",
        segments=("Employer brand and recruiting",),
        departments=("Recruiting",),
        job_titles=("Recruiter", "Talent Acquisition Lead"),
        needs="Job adverts online the same day and on the boards engineers read; interviews booked without e-mail "
        "ping-pong.",
        expectations="The careers site looks as good as competitors'.",
        values="Speed, candidate experience, the employer brand.",
        pains="Adverts wait for the web queue; scheduling interviews takes a dozen e-mails so she pays for Calendly.",
        typical_day="Screens CVs, schedules interviews, posts adverts, meets hiring managers.",
    ),
    PersonaSpec(
        name="Elena, executive assistant",
        summary="Runs the diaries, travel and board papers of the executive team.",
        segments=("Everyone", "Office-based teams"),
        departments=("Executive Office",),
        job_titles=("Executive Assistant",),
        needs="Delegate access to three diaries; rooms and video calls that work when the board arrives.",
        expectations="Nothing fails in front of the CEO.",
        values="Discretion, reliability, a quick fix when something breaks.",
        pains="Delegate permissions break after every password change; the boardroom camera needs a technician.",
        typical_day="Juggles three calendars, books travel, prepares the board pack, sets up the boardroom call.",
    ),
    PersonaSpec(
        name="Diana, department head",
        summary="A director who approves spend and owns a budget.",
        segments=("Budget holders and approvers",),
        departments=(),
        job_titles=("Director", "Marketing Manager", "Chief Operating Officer"),
        needs="Approve an invoice or a purchase from the phone between meetings; see what is left in the budget.",
        expectations="One tap, no VPN, the supporting documents attached.",
        values="Control of her budget, not being the bottleneck.",
        pains="Approvals need a laptop and the VPN, so they pile up; budget reports arrive a week after month-end.",
        typical_day="Back-to-back meetings, approvals in the gaps, monthly budget review with Finance.",
    ),
    PersonaSpec(
        name="Lena, learning designer",
        summary="Builds onboarding and safety courses for every department.",
        segments=("Learning and onboarding",),
        departments=("Learning & Development",),
        job_titles=("Learning Designer", "Trainer"),
        needs="A place to publish courses and see who completed the mandatory safety training.",
        expectations="New starters find their onboarding on day one.",
        values="Engagement, compliance with mandatory training, reuse of good material.",
        pains="Courses live in a shared folder and completion is tracked in a spreadsheet.",
        typical_day="Designs a module in the morning, runs a classroom session, chases overdue safety training.",
    ),
)


@dataclass(frozen=True)
class OptionSpec:
    name: str
    description: str
    segments: tuple[str, ...] = ()  # empty: standard for everyone
    annual_cost: int | None = None


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    market: str | None
    owner: int
    lifecycle: str
    kind: str
    segments: tuple[str, ...]
    description: str
    value_proposition: str
    annual_cost: int | None
    availability: str | None
    request: str  # a path under DESK, or an email address
    options: tuple[OptionSpec, ...] = field(default_factory=tuple)


EMAIL, ERP, CRM, COLLAB, WEB, PLANT = (market.name for market in MARKETS)

SERVICES: tuple[ServiceSpec, ...] = (
    # Email and communications hosting
    ServiceSpec(
        name="Email, calendar and contacts",
        market=EMAIL,
        owner=0,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Everyone", "Regulated correspondence", "Shop-floor and warehouse staff"),
        description="Your company mailbox and calendar on your laptop and phone, with the whole company's address "
        "book.",
        value_proposition="It is ready before your first day and just works on any device.",
        annual_cost=184_000,
        availability="99.9",
        request="email",
        options=(
            OptionSpec(
                name="Shared team mailbox", description="An address like orders@ that the whole team reads and answers."
            ),
            OptionSpec(
                name="Mail on your own phone",
                description="Company mail and calendar on your personal phone, kept separate.",
            ),
            OptionSpec(
                name="Secure archiving (10-year retention)",
                description="Every message kept unaltered for ten years, with legal hold and an auditor's search, for "
                "correspondence with regulators.",
                segments=("Regulated correspondence",),
                annual_cost=12_500,
            ),
            OptionSpec(
                name="Kiosk sign-in with a badge",
                description="Read your mail on the shared screen by the line by tapping your badge.",
                segments=("Shop-floor and warehouse staff",),
                annual_cost=3_800,
            ),
        ),
    ),
    ServiceSpec(
        name="Video meetings and calling",
        market=EMAIL,
        owner=0,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Everyone",),
        description="Meet with colleagues, customers and suppliers from any room, laptop or phone.",
        value_proposition="One click from the calendar invite, and the meeting rooms work the same way.",
        annual_cost=62_000,
        availability="99.9",
        request="meetings",
        options=(
            OptionSpec(
                name="Meeting recording and transcripts",
                description="Record a meeting and get the transcript afterwards.",
            ),
        ),
    ),
    ServiceSpec(
        name="Encrypted email to regulators and partners",
        market=EMAIL,
        owner=0,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Regulated correspondence",),
        description="Send a message only the recipient can open, from your normal mailbox, with proof of delivery.",
        value_proposition="No separate account: submissions to regulators leave from your own address, encrypted.",
        annual_cost=9_600,
        availability="99.5",
        request="it-email@brightwater.example",
    ),
    ServiceSpec(
        name="Company phone number on your mobile",
        market=EMAIL,
        owner=0,
        lifecycle=IN_DEVELOPMENT,
        kind=DIFFERENTIATING,
        segments=("Everyone",),
        description="Make and take calls on your company number from your mobile, without giving out your personal "
        "number.",
        value_proposition="Customers reach you on one number wherever you are.",
        annual_cost=28_000,
        availability="99.5",
        request="phones",
    ),
    ServiceSpec(
        name="Email on shared shop-floor kiosks",
        market=EMAIL,
        owner=0,
        lifecycle=PROPOSED,
        kind=UTILITY,
        segments=("Shop-floor and warehouse staff",),
        description="Read company mail and notices on the shared screens in the factory and the warehouse.",
        value_proposition="Everyone gets the same notices as office staff, without a company phone.",
        annual_cost=14_000,
        availability=None,
        request="it-email@brightwater.example",
    ),
    ServiceSpec(
        name="Fax to email",
        market=EMAIL,
        owner=0,
        lifecycle=RETIRING,
        kind=UTILITY,
        segments=("Regulated correspondence",),
        description="Faxes from the few regulators and utilities that still send them arrive in your mailbox.",
        value_proposition="No trip to the fax machine; every fax archived with your mail.",
        annual_cost=2_400,
        availability="99.0",
        request="it-email@brightwater.example",
    ),
    ServiceSpec(
        name="Pagers for on-call engineers",
        market=EMAIL,
        owner=0,
        lifecycle=RETIRED,
        kind=UTILITY,
        segments=("Shop-floor and warehouse staff",),
        description="Pager alerts for engineers on call. Replaced by alerts on the company phone.",
        value_proposition="Reached on-call staff anywhere in the plant.",
        annual_cost=None,
        availability=None,
        request="it-email@brightwater.example",
    ),
    # ERP and financial management
    ServiceSpec(
        name="Pay suppliers and track invoices",
        market=ERP,
        owner=1,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Finance operations", "Budget holders and approvers"),
        description="Enter, approve and pay supplier invoices, and answer any supplier's 'where is my payment?' in "
        "seconds.",
        value_proposition="Suppliers paid on time without chasing, and every invoice matched to what was ordered.",
        annual_cost=96_000,
        availability="99.5",
        request="finance-systems",
        options=(
            OptionSpec(
                name="Approve invoices on your phone", description="Approve or query an invoice from the notification."
            ),
            OptionSpec(
                name="Invoice scanning and auto-matching",
                description="PDF invoices read automatically and matched to the order and the goods receipt.",
                segments=("Finance operations",),
                annual_cost=18_000,
            ),
        ),
    ),
    ServiceSpec(
        name="Monthly close and financial reporting",
        market=ERP,
        owner=1,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Finance operations", "Planning and analysis"),
        description="Close the month and publish management accounts that everyone trusts.",
        value_proposition="Actuals by working day three, from the same books the auditors see.",
        annual_cost=54_000,
        availability="99.5",
        request="finance-systems",
        options=(
            OptionSpec(
                name="Cost-centre report by email", description="Your cost centre's actuals in your inbox on day three."
            ),
        ),
    ),
    ServiceSpec(
        name="Budgeting and forecasting workspace",
        market=ERP,
        owner=1,
        lifecycle=IN_DEVELOPMENT,
        kind=DIFFERENTIATING,
        segments=("Planning and analysis", "Budget holders and approvers"),
        description="Build the budget and the rolling forecast together, in one place, instead of forty workbooks.",
        value_proposition="One version of the forecast, updated by budget holders directly.",
        annual_cost=41_000,
        availability=None,
        request="finance-systems",
    ),
    ServiceSpec(
        name="Expense claims from your phone",
        market=ERP,
        owner=1,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Budget holders and approvers", "Finance operations"),
        description="Photograph a receipt, claim it, and get paid in the next payroll.",
        value_proposition="No paper receipts, no spreadsheet: claims take a minute.",
        annual_cost=22_000,
        availability="99.0",
        request="expenses",
    ),
    ServiceSpec(
        name="Order parts and receive deliveries",
        market=ERP,
        owner=1,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Supply chain and purchasing",),
        description="Raise a purchase order, receive the goods on a handheld and see stock by site.",
        value_proposition="Know what is in stock and what is on its way without ringing the warehouse.",
        annual_cost=48_000,
        availability="99.5",
        request="purchasing",
        options=(
            OptionSpec(
                name="Handheld goods receipt",
                description="Scan deliveries in at the dock; stock updates at once.",
                segments=("Supply chain and purchasing",),
                annual_cost=6_500,
            ),
        ),
    ),
    ServiceSpec(
        name="Look up the old ledger (before 2019)",
        market=ERP,
        owner=1,
        lifecycle=RETIRING,
        kind=UTILITY,
        segments=("Finance operations",),
        description="Read-only access to the previous finance system's history for audits.",
        value_proposition="Old transactions still findable for the auditors until the retention period ends.",
        annual_cost=7_500,
        availability="98.0",
        request="finance-systems",
    ),
    # CRM and sales automation
    ServiceSpec(
        name="Customer accounts and sales pipeline",
        market=CRM,
        owner=2,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Field sales", "Customer success and service"),
        description="Every customer, contact, opportunity and visit in one place, on your laptop or phone.",
        value_proposition="Walk into every meeting knowing the account's history, and never ask the customer twice.",
        annual_cost=88_000,
        availability="99.5",
        request="crm",
        options=(
            OptionSpec(name="Sales forecast dashboard", description="The quarter's pipeline by region, updated live."),
            OptionSpec(
                name="Work offline on site",
                description="Notes and account details available without signal; syncs later.",
                segments=("Field sales",),
                annual_cost=9_000,
            ),
        ),
    ),
    ServiceSpec(
        name="Quotes for treatment systems",
        market=CRM,
        owner=2,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Field sales",),
        description="Configure a filtration or UV system, price it and send a branded quote from the CRM.",
        value_proposition="A correct quote with current prices and lead times, sent the same day.",
        annual_cost=36_000,
        availability="99.5",
        request="crm",
        options=(
            OptionSpec(
                name="Approval of discounts on the phone",
                description="Sales directors approve discounts from the alert.",
                segments=("Field sales",),
            ),
        ),
    ),
    ServiceSpec(
        name="Customer support cases",
        market=CRM,
        owner=2,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Customer success and service",),
        description="Log, track and solve customers' support cases with the installed system on screen.",
        value_proposition="Answer the phone already knowing the customer's units and history.",
        annual_cost=31_000,
        availability="99.5",
        request="crm",
        options=(
            OptionSpec(
                name="Customer portal for case updates",
                description="Customers follow their cases online.",
                segments=("Customer success and service",),
                annual_cost=8_000,
            ),
        ),
    ),
    ServiceSpec(
        name="Email campaigns and newsletters",
        market=CRM,
        owner=2,
        lifecycle=IN_DEVELOPMENT,
        kind=DIFFERENTIATING,
        segments=("Marketing campaigns",),
        description="Send campaigns to lists built from the CRM and see who opened, clicked and became a lead.",
        value_proposition="Campaigns and leads in the same place as the sales pipeline: no exports to Mailchimp.",
        annual_cost=19_000,
        availability=None,
        request="crm",
    ),
    ServiceSpec(
        name="Trade-show lead capture",
        market=CRM,
        owner=2,
        lifecycle=PROPOSED,
        kind=DIFFERENTIATING,
        segments=("Marketing campaigns", "Field sales"),
        description="Scan a visitor's badge at a trade show and the lead lands in the CRM with the right salesperson.",
        value_proposition="Leads followed up within a day, not after the show.",
        annual_cost=6_000,
        availability=None,
        request="marketing-ops@brightwater.example",
    ),
    # Collaboration
    ServiceSpec(
        name="Shared files and team sites",
        market=COLLAB,
        owner=0,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Office-based teams", "Engineering and R&D"),
        description="Your team's documents in one place, edited together, available anywhere.",
        value_proposition="The latest version of every document, shared safely with colleagues and partners.",
        annual_cost=72_000,
        availability="99.9",
        request="files",
        options=(
            OptionSpec(name="Version history", description="Go back to any earlier version of a file."),
            OptionSpec(
                name="Share with external partners",
                description="Invite a supplier, utility or certifier to a folder with their own sign-in.",
                segments=("Office-based teams", "Engineering and R&D"),
                annual_cost=5_000,
            ),
            OptionSpec(
                name="Extra 1 TB for large CAD files",
                description="Space and fast upload for drawings and rig data.",
                segments=("Engineering and R&D",),
                annual_cost=7_200,
            ),
        ),
    ),
    ServiceSpec(
        name="Team chat",
        market=COLLAB,
        owner=0,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Office-based teams", "Production and warehouse teams"),
        description="Quick messages with your team and channels per project, on desktop and phone.",
        value_proposition="Faster than email, and it stays within the company.",
        annual_cost=24_000,
        availability="99.5",
        request="chat",
        options=(
            OptionSpec(
                name="Shift channels with read receipts",
                description="Safety notices that show who has read them.",
                segments=("Production and warehouse teams",),
            ),
        ),
    ),
    ServiceSpec(
        name="Project boards for cross-team work",
        market=COLLAB,
        owner=0,
        lifecycle=IN_DEVELOPMENT,
        kind=DIFFERENTIATING,
        segments=("Office-based teams", "Engineering and R&D"),
        description="Plan a launch, a trade show or a product change on a board that everyone involved can see.",
        value_proposition="Everyone sees who does what by when, without a status meeting.",
        annual_cost=15_000,
        availability=None,
        request="collaboration@brightwater.example",
    ),
    ServiceSpec(
        name="Digital whiteboards for workshops",
        market=COLLAB,
        owner=0,
        lifecycle=PROPOSED,
        kind=DIFFERENTIATING,
        segments=("Office-based teams",),
        description="Run a workshop with people in the room and online on one shared whiteboard.",
        value_proposition="Workshops that include remote colleagues and keep their output.",
        annual_cost=8_000,
        availability=None,
        request="collaboration@brightwater.example",
    ),
    ServiceSpec(
        name="Intranet news and shift notices",
        market=COLLAB,
        owner=0,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Office-based teams", "Production and warehouse teams"),
        description="Company news, policies and shift notices, on your desk, your phone and the screens in the "
        "factory.",
        value_proposition="Everybody hears the same news at the same time.",
        annual_cost=18_000,
        availability="99.0",
        request="intranet",
    ),
    # Website development and management
    ServiceSpec(
        name="Company website and product pages",
        market=WEB,
        owner=3,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Marketing and communications",),
        description="brightwater.example: product pages, news and contact forms that bring in enquiries.",
        value_proposition="Product pages that are always current and a contact form that reaches the right "
        "salesperson.",
        annual_cost=58_000,
        availability="99.9",
        request="website",
        options=(
            OptionSpec(
                name="Pages in four languages", description="Every page in English, German, French and Spanish."
            ),
            OptionSpec(
                name="Campaign landing pages",
                description="A landing page live within a day, from templates.",
                segments=("Marketing and communications",),
                annual_cost=4_500,
            ),
        ),
    ),
    ServiceSpec(
        name="Careers site and job adverts",
        market=WEB,
        owner=3,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Employer brand and recruiting",),
        description="Job adverts on the careers site and on the job boards engineers read, from one form.",
        value_proposition="An advert online the same day, looking like Brightwater.",
        annual_cost=12_000,
        availability="99.5",
        request="website",
        options=(
            OptionSpec(
                name="Interview booking links",
                description="Candidates pick an interview slot from the hiring team's diaries.",
                segments=("Employer brand and recruiting",),
                annual_cost=1_500,
            ),
        ),
    ),
    ServiceSpec(
        name="Product manuals online",
        market=WEB,
        owner=3,
        lifecycle=IN_DEVELOPMENT,
        kind=DIFFERENTIATING,
        segments=("Product documentation",),
        description="Customers and site engineers find the manual for their unit by serial number.",
        value_proposition="The right manual in a minute, without calling support.",
        annual_cost=26_000,
        availability=None,
        request="website",
    ),
    ServiceSpec(
        name="Distributor extranet",
        market=WEB,
        owner=3,
        lifecycle=RETIRING,
        kind=UTILITY,
        segments=("Marketing and communications",),
        description="Price lists and brochures for distributors. Moving to the partner folders in shared files.",
        value_proposition="Distributors got current price lists without emailing sales.",
        annual_cost=9_000,
        availability="98.0",
        request="website",
    ),
    # Manufacturing and plant systems
    ServiceSpec(
        name="Production scheduling and work orders",
        market=PLANT,
        owner=4,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Production lines",),
        description="Each line's schedule, work orders and drawings at the station, updated as orders change.",
        value_proposition="The right skid built next, with the right parts and drawings, on every shift.",
        annual_cost=112_000,
        availability="99.9",
        request="plant-systems",
        options=(
            OptionSpec(
                name="Shift handover notes on tablets",
                description="Handover notes at the line, read and signed by the next shift.",
                segments=("Production lines",),
                annual_cost=6_000,
            ),
            OptionSpec(name="Work-order history", description="Every change to a work order, who made it and why."),
        ),
    ),
    ServiceSpec(
        name="Batch records and traceability for every skid",
        market=PLANT,
        owner=4,
        lifecycle=LIVE,
        kind=DIFFERENTIATING,
        segments=("Quality and certification", "Production lines"),
        description="Every part, test and signature behind a skid's serial number, ready for a certifier.",
        value_proposition="Audits pass on the first request, and customers get their certificate the day their "
        "system ships.",
        annual_cost=67_000,
        availability="99.5",
        request="plant-systems",
        options=(
            OptionSpec(
                name="Certificate of conformity generator",
                description="Certificates produced from the batch record.",
                segments=("Quality and certification",),
                annual_cost=5_500,
            ),
        ),
    ),
    ServiceSpec(
        name="Test-rig data capture",
        market=PLANT,
        owner=4,
        lifecycle=IN_DEVELOPMENT,
        kind=DIFFERENTIATING,
        segments=("Product engineering", "Quality and certification"),
        description="Readings from filtration and UV test rigs captured automatically and compared across prototypes.",
        value_proposition="No USB sticks: every test run is stored, labelled and comparable.",
        annual_cost=34_000,
        availability=None,
        request="plant-systems",
    ),
    ServiceSpec(
        name="Planned maintenance for plant equipment",
        market=PLANT,
        owner=4,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Production lines",),
        description="Maintenance schedules and breakdown requests for every machine on the lines.",
        value_proposition="Fewer breakdowns, and a breakdown reported in seconds from the line.",
        annual_cost=29_000,
        availability="99.0",
        request="plant-systems",
    ),
    ServiceSpec(
        name="Live readings from customers' installed systems",
        market=PLANT,
        owner=4,
        lifecycle=PROPOSED,
        kind=DIFFERENTIATING,
        segments=("Field service and commissioning",),
        description="See flow, pressure and UV intensity of customers' installed systems before a service visit.",
        value_proposition="Fix problems before the customer notices, and bring the right parts on the first visit.",
        annual_cost=45_000,
        availability=None,
        request="plant-systems",
    ),
    ServiceSpec(
        name="Water-quality lab results",
        market=PLANT,
        owner=4,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Product engineering", "Quality and certification"),
        description="Lab test results for water samples, linked to the product and the test plan.",
        value_proposition="Results found by product and date, not in someone's inbox.",
        annual_cost=21_000,
        availability="99.0",
        request="lab-systems@brightwater.example",
    ),
    # Two services that read as IT's internal work, so the portfolio check has something to say.
    ServiceSpec(
        name="Server administration",
        market=None,
        owner=5,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=(),
        description="Patching, monitoring and backups of the servers in the data centre.",
        value_proposition="",
        annual_cost=140_000,
        availability="99.9",
        request="platform@brightwater.example",
    ),
    ServiceSpec(
        name="Database patching",
        market=PLANT,
        owner=5,
        lifecycle=LIVE,
        kind=UTILITY,
        segments=("Production lines",),
        description="Monthly patches for the databases behind the plant systems.",
        value_proposition="",
        annual_cost=18_000,
        availability="99.5",
        request="platform@brightwater.example",
    ),
)


@dataclass(frozen=True)
class StorySpec:
    title: str
    persona: str
    service: str | None
    departments: tuple[str, ...]
    heard_from: str  # "{someone}" becomes a real person of the first department
    inputs: str
    expected_outputs: str
    magic: str
    time_constraints: str
    priorities: str


STORIES: tuple[StorySpec, ...] = (
    StorySpec(
        title="Find every message sent to the regulator about the UV-400 certification",
        persona="Rita, regulatory affairs specialist",
        service="Email, calendar and contacts",
        departments=("Regulatory Affairs", "Legal & Compliance"),
        heard_from="{someone} and the General Counsel",
        inputs="An auditor's request naming a product, a certification and a date range (2016–2019).",
        expected_outputs="Every message and attachment exchanged with the regulator, exported as a bundle with proof "
        "it is unaltered.",
        magic="One search over ten years of mail, including people who have left, with legal hold applied.",
        time_constraints="Auditors give five working days; today it takes three.",
        priorities="Completeness first, then speed.",
    ),
    StorySpec(
        title="Send a certification dossier that only the regulator can open",
        persona="Rita, regulatory affairs specialist",
        service="Encrypted email to regulators and partners",
        departments=("Regulatory Affairs",),
        heard_from="{someone}",
        inputs="A 40 MB dossier of test reports from Quality and a cover letter.",
        expected_outputs="Delivered encrypted to the regulator, with proof of delivery filed with the submission.",
        magic="Encryption and proof of delivery happen from the normal mailbox, with no second account.",
        time_constraints="Submissions have fixed deadlines; a missed one delays certification by a quarter.",
        priorities="Confidentiality, proof, then convenience.",
    ),
    StorySpec(
        title="Keep contract negotiations for the life of the contract",
        persona="Rita, regulatory affairs specialist",
        service="Email, calendar and contacts",
        departments=("Legal & Compliance",),
        heard_from="{someone}",
        inputs="Negotiation threads with a municipal utility over a ten-year service contract.",
        expected_outputs="The whole thread retained and findable until six years after the contract ends.",
        magic="Retention set per matter rather than per person.",
        time_constraints="Disputes surface years later; the evidence must still be there.",
        priorities="Retention, then search.",
    ),
    StorySpec(
        title="Show an auditor every test record behind a skid's serial number",
        persona="Quinn, quality engineer",
        service="Batch records and traceability for every skid",
        departments=("Quality Assurance", "Regulatory Affairs"),
        heard_from="{someone} during an NSF/ANSI 61 surveillance audit",
        inputs="A serial number from the auditor's sample list.",
        expected_outputs="Parts, batch numbers, test results and sign-offs for that unit, printed or on screen.",
        magic="One lookup joins manufacturing records, lab results and signatures.",
        time_constraints="The auditor waits in the room; every minute searching looks bad.",
        priorities="Completeness, then speed.",
    ),
    StorySpec(
        title="Share a 6 GB membrane housing drawing with the supplier",
        persona="Ravi, R&D engineer",
        service="Shared files and team sites",
        departments=("Research & Development",),
        heard_from="{someone} at the design review",
        inputs="A CAD assembly of 6 GB and the supplier's engineer's email address.",
        expected_outputs="The supplier opens the current version and comments on it the same afternoon.",
        magic="External sharing in a minute, with export-control labels applied automatically.",
        time_constraints="Design reviews are weekly; a day's delay slips the prototype.",
        priorities="Speed, then control.",
    ),
    StorySpec(
        title="Send test reports to the certifier without email attachments",
        persona="Quinn, quality engineer",
        service="Shared files and team sites",
        departments=("Quality Assurance",),
        heard_from="{someone}",
        inputs="Twenty test reports and the certifier's portal address.",
        expected_outputs="The certifier has a folder with exactly those reports and nothing else.",
        magic="A partner folder that expires when the certification closes.",
        time_constraints="The certifier's review slot is booked weeks ahead.",
        priorities="Control, then ease.",
    ),
    StorySpec(
        title="Send a utility the drawings for their tender",
        persona="Alex, account executive",
        service="Shared files and team sites",
        departments=("Field Sales North", "Field Sales South"),
        heard_from="{someone} and a regional sales manager",
        inputs="A tender request with a deadline and the utility's engineer's address.",
        expected_outputs="General-arrangement drawings and datasheets shared with the utility's engineer.",
        magic="Sharing from the phone, with the right drawings picked from the product's folder.",
        time_constraints="Tender deadlines are fixed; the drawings usually go out the evening before.",
        priorities="Reliability, then speed.",
    ),
    StorySpec(
        title="Hand trade-show video footage to the agency",
        persona="Mia, digital marketer",
        service="Shared files and team sites",
        departments=("Marketing",),
        heard_from="{someone}",
        inputs="Forty gigabytes of video from the stand at the water industry show.",
        expected_outputs="The agency downloads it the same day to cut the highlights reel.",
        magic="Large files shared externally without a ticket.",
        time_constraints="The highlights reel must go out within a week of the show.",
        priorities="Speed.",
    ),
    StorySpec(
        title="Approve an invoice between two meetings",
        persona="Diana, department head",
        service="Pay suppliers and track invoices",
        departments=("Operations", "Sales"),
        heard_from="{someone} and the Sales Director",
        inputs="A notification that an invoice is waiting, with the PDF and the purchase order.",
        expected_outputs="Approved or queried in under a minute, from the phone.",
        magic="The supporting documents open in the notification; no VPN.",
        time_constraints="Suppliers' payment terms are 30 days; late approvals cost early-payment discounts.",
        priorities="Convenience, then control.",
    ),
    StorySpec(
        title="Match a supplier's PDF invoice to the order and the delivery",
        persona="Adam, accounts payable clerk",
        service="Pay suppliers and track invoices",
        departments=("Accounts Payable",),
        heard_from="{someone} and a payments specialist",
        inputs="A PDF invoice from a stainless-steel supplier in the AP inbox.",
        expected_outputs="Invoice entered, matched to the PO and goods receipt, queued for payment.",
        magic="The invoice is read automatically and matched; he only checks the exceptions.",
        time_constraints="The payment run closes Thursday at noon.",
        priorities="Accuracy, then speed.",
    ),
    StorySpec(
        title="Chase approvals before the payment run",
        persona="Adam, accounts payable clerk",
        service="Pay suppliers and track invoices",
        departments=("Accounts Payable", "Finance"),
        heard_from="{someone} and the Financial Controller",
        inputs="Twenty invoices waiting for approval from managers who are travelling.",
        expected_outputs="All approved or queried before the Thursday payment run.",
        magic="Approvers are reminded on their phones and can approve there.",
        time_constraints="Thursday noon cut-off.",
        priorities="Paying suppliers on time.",
    ),
    StorySpec(
        title="Publish the month-end pack by working day three",
        persona="Fiona, financial analyst",
        service="Monthly close and financial reporting",
        departments=("Financial Planning & Analysis",),
        heard_from="{someone}",
        inputs="Closed ledger, cost-centre structure, last month's commentary.",
        expected_outputs="Management pack with actuals, variance and commentary for the Friday review.",
        magic="Reports that refresh from the ledger instead of being rebuilt in forty workbooks.",
        time_constraints="The executive review is on working day four.",
        priorities="Trustworthy numbers, then speed.",
    ),
    StorySpec(
        title="Prepare for a meeting at a utility from the car park",
        persona="Alex, account executive",
        service="Customer accounts and sales pipeline",
        departments=("Field Sales North",),
        heard_from="{someone}",
        inputs="A meeting in the diary at a municipal water utility's treatment works.",
        expected_outputs="The account's installed systems, open cases and last visit notes, read in five minutes.",
        magic="Works offline with one bar of signal.",
        time_constraints="Five minutes between parking and the meeting.",
        priorities="Being prepared in front of the customer.",
    ),
    StorySpec(
        title="Log visit notes on site without signal",
        persona="Alex, account executive",
        service="Customer accounts and sales pipeline",
        departments=("Field Sales South",),
        heard_from="{someone} and two account executives",
        inputs="Notes and photos from a plant walk-through.",
        expected_outputs="Notes saved against the opportunity, synced when back in signal.",
        magic="Offline mode that never loses a note.",
        time_constraints="Notes typed the same day are twice as complete.",
        priorities="Not losing notes, then speed.",
    ),
    StorySpec(
        title="See a customer's installed units before a commissioning visit",
        persona="Carmen, customer success manager",
        service="Customer accounts and sales pipeline",
        departments=("Customer Success",),
        heard_from="{someone} and a support engineer",
        inputs="A commissioning visit booked for a new UV installation.",
        expected_outputs="Units, serial numbers, service contract and open cases on one page, readable offline on "
        "site.",
        magic="The CRM pulls serial numbers from manufacturing.",
        time_constraints="Sites are remote; there is often no signal in the plant room.",
        priorities="Being right first time.",
    ),
    StorySpec(
        title="Answer a plant operator's call with their system on screen",
        persona="Carmen, customer success manager",
        service="Customer support cases",
        departments=("Customer Success",),
        heard_from="{someone}",
        inputs="A phone call from a plant operator about a pressure alarm.",
        expected_outputs="A case logged against the right unit, with its history, and an engineer booked if needed.",
        magic="The caller's number finds the site and its units automatically.",
        time_constraints="Alarm calls need an answer within the hour under the service contract.",
        priorities="Speed of response.",
    ),
    StorySpec(
        title="Hand over a shift without WhatsApp",
        persona="Sven, shift supervisor",
        service="Production scheduling and work orders",
        departments=("Manufacturing",),
        heard_from="{someone} at the 6:00 handover",
        inputs="The state of each skid on the line, missing parts, a breakdown on the pressure-test bench.",
        expected_outputs="The next shift knows exactly where things stand, and the notes are kept.",
        magic="Handover notes entered at the line on a tablet and signed by the incoming supervisor.",
        time_constraints="Handover takes ten minutes at most; the line keeps running.",
        priorities="Safety, then output.",
    ),
    StorySpec(
        title="Hand over the warehouse night shift",
        persona="Lars, logistics coordinator",
        service="Production scheduling and work orders",
        departments=("Logistics",),
        heard_from="{someone} and a warehouse operative",
        inputs="Deliveries received overnight, shipments waiting for collection, a damaged pallet.",
        expected_outputs="The day team sees it all at 7:00 without a phone call.",
        magic="The same handover notes as the production lines.",
        time_constraints="Hauliers collect from 7:30.",
        priorities="Nothing forgotten.",
    ),
    StorySpec(
        title="Receive a delivery and see stock update at once",
        persona="Lars, logistics coordinator",
        service="Order parts and receive deliveries",
        departments=("Logistics",),
        heard_from="{someone}",
        inputs="A delivery of membrane modules against three purchase orders.",
        expected_outputs="Goods received, stock updated, production told the parts have arrived.",
        magic="Scanning at the dock updates stock and notifies the line.",
        time_constraints="Production waits for these parts to start a skid.",
        priorities="Accuracy of stock.",
    ),
    StorySpec(
        title="Capture a 12-hour membrane fouling test without a USB stick",
        persona="Ravi, R&D engineer",
        service="Test-rig data capture",
        departments=("Research & Development", "Quality Assurance"),
        heard_from="{someone} and a lab technician",
        inputs="Pressure, flow and turbidity readings every second for twelve hours.",
        expected_outputs="A labelled test run, comparable with last month's prototype.",
        magic="The rig streams to storage and tags the run with the prototype's number.",
        time_constraints="Tests run overnight; results are reviewed at 9:00.",
        priorities="Data integrity, then convenience.",
    ),
    StorySpec(
        title="Publish a campaign landing page the day before the trade show",
        persona="Mia, digital marketer",
        service="Company website and product pages",
        departments=("Marketing",),
        heard_from="{someone} and a content writer",
        inputs="Copy, two product photos and a lead form for the trade show.",
        expected_outputs="A branded landing page live, with leads going to the CRM.",
        magic="A template she fills in herself, published without a ticket.",
        time_constraints="The show starts tomorrow.",
        priorities="Speed, then brand consistency.",
    ),
    StorySpec(
        title="Book six interviews without a dozen emails",
        persona="Rosa, recruiter",
        service="Careers site and job adverts",
        departments=("Recruiting",),
        heard_from="{someone}",
        inputs="Six shortlisted candidates and three interviewers' diaries.",
        expected_outputs="Every candidate booked into a slot that suits the panel.",
        magic="Candidates pick a slot from the panel's free time.",
        time_constraints="Good engineers accept other offers within a week.",
        priorities="Candidate experience.",
    ),
    StorySpec(
        title="Set up the boardroom call for the quarterly board meeting",
        persona="Elena, executive assistant",
        service="Video meetings and calling",
        departments=("Executive Office",),
        heard_from="{someone}",
        inputs="A board meeting with two directors joining remotely and a presentation.",
        expected_outputs="Everyone sees and hears each other from the first minute.",
        magic="The room joins the call from the calendar invite; a technician is on hand.",
        time_constraints="The board meeting starts at 9:00 sharp.",
        priorities="Nothing fails in front of the board.",
    ),
)


@dataclass(frozen=True)
class ShadowSpec:
    name: str
    department: str
    purpose: str
    people: int
    annual_cost: int | None
    market: str


SHADOW_TOOLS: tuple[ShadowSpec, ...] = (
    ShadowSpec(
        name="Pipedrive",
        department="Field Sales South",
        purpose="Our own sales pipeline: the CRM app is too slow on site.",
        people=22,
        annual_cost=9_500,
        market=CRM,
    ),
    ShadowSpec(
        name="Wix",
        department="Marketing",
        purpose="Microsites for trade shows and product launches.",
        people=6,
        annual_cost=1_200,
        market=WEB,
    ),
    ShadowSpec(
        name="Mailchimp",
        department="Marketing",
        purpose="Newsletters and campaign emails to customers.",
        people=4,
        annual_cost=2_400,
        market=CRM,
    ),
    ShadowSpec(
        name="Trello",
        department="Marketing",
        purpose="Planning campaigns, trade shows and content.",
        people=10,
        annual_cost=600,
        market=COLLAB,
    ),
    ShadowSpec(
        name="Dropbox Business",
        department="Research & Development",
        purpose="Sharing large drawings and test data with suppliers.",
        people=18,
        annual_cost=4_300,
        market=COLLAB,
    ),
    ShadowSpec(
        name="WhatsApp groups",
        department="Manufacturing",
        purpose="Shift handovers and overtime offers.",
        people=45,
        annual_cost=None,
        market=EMAIL,
    ),
    ShadowSpec(
        name="Proton Mail",
        department="Regulatory Affairs",
        purpose="Encrypted submissions to regulators.",
        people=3,
        annual_cost=480,
        market=EMAIL,
    ),
    ShadowSpec(
        name="Google Sheets for test results",
        department="Quality Assurance",
        purpose="Recording skid pressure-test results per serial number.",
        people=12,
        annual_cost=None,
        market=PLANT,
    ),
    ShadowSpec(
        name="Consolidation workbooks",
        department="Financial Planning & Analysis",
        purpose="Month-end consolidation and forecasting in linked Excel workbooks.",
        people=10,
        annual_cost=None,
        market=ERP,
    ),
    ShadowSpec(
        name="Calendly",
        department="Recruiting",
        purpose="Candidates book their own interview slots.",
        people=5,
        annual_cost=720,
        market=EMAIL,
    ),
    ShadowSpec(
        name="RouteXL",
        department="Logistics",
        purpose="Planning delivery routes to customer sites.",
        people=6,
        annual_cost=1_100,
        market=ERP,
    ),
)


@dataclass(frozen=True)
class RequestSpec:
    service: str
    option: str
    department: str
    job_title: str
    reason: str


OPTION_REQUESTS: tuple[RequestSpec, ...] = (
    RequestSpec(
        service="Email, calendar and contacts",
        option="Secure archiving (10-year retention)",
        department="Legal & Compliance",
        job_title="Legal Counsel",
        reason="We must keep contract negotiations with utilities for the life of the contract plus six years.",
    ),
    RequestSpec(
        service="Customer accounts and sales pipeline",
        option="Work offline on site",
        department="Customer Success",
        job_title="Customer Success Manager",
        reason="Plant rooms have no signal; I lose notes at commissioning visits.",
    ),
    RequestSpec(
        service="Shared files and team sites",
        option="Extra 1 TB for large CAD files",
        department="Marketing",
        job_title="Digital Marketer",
        reason="Trade-show video footage is 40 GB a show.",
    ),
    RequestSpec(
        service="Production scheduling and work orders",
        option="Shift handover notes on tablets",
        department="Logistics",
        job_title="Warehouse Operative",
        reason="The warehouse runs night shifts too and hands over by phone.",
    ),
)
