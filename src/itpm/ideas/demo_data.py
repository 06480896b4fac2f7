"""What the demo ideas portal holds: the requests, the duplicates among them, who voted for
what, the statuses and what product managers write, and where ideas end up."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Idea, Stage

SEED = 9_2026
HISTORY_DAYS = 270  # about nine months of requests

NEW = Idea.Kind.NEW_SERVICE
IMP = Idea.Kind.IMPROVEMENT
PRB = Idea.Kind.PROBLEM
ASK = Idea.Kind.QUESTION

EXEC = "Executive Office"
FIN = "Finance"
AP = "Accounts Payable"
FPA = "Financial Planning & Analysis"
LEGAL = "Legal & Compliance"
REG = "Regulatory Affairs"
HR = "Human Resources"
REC = "Recruiting"
LND = "Learning & Development"
SALES = "Sales"
NORTH = "Field Sales North"
SOUTH = "Field Sales South"
CS = "Customer Success"
MKT = "Marketing"
OPS = "Operations"
MFG = "Manufacturing"
LOG = "Logistics"
QA = "Quality Assurance"
RND = "Research & Development"
IT = "Information Technology"
DESK = "Service Desk"
PLAT = "Platform Engineering"

# Short names for the portfolio demo's services.
SERVICES = {
    "mail": "Email, calendar and contacts",
    "video": "Video meetings and calling",
    "encmail": "Encrypted email to regulators and partners",
    "phone": "Company phone number on your mobile",
    "kiosk": "Email on shared shop-floor kiosks",
    "fax": "Fax to email",
    "pager": "Pagers for on-call engineers",
    "ap": "Pay suppliers and track invoices",
    "close": "Monthly close and financial reporting",
    "budget": "Budgeting and forecasting workspace",
    "expenses": "Expense claims from your phone",
    "purchase": "Order parts and receive deliveries",
    "ledger": "Look up the old ledger (before 2019)",
    "crm": "Customer accounts and sales pipeline",
    "quotes": "Quotes for treatment systems",
    "cases": "Customer support cases",
    "campaigns": "Email campaigns and newsletters",
    "leads": "Trade-show lead capture",
    "files": "Shared files and team sites",
    "chat": "Team chat",
    "boards": "Project boards for cross-team work",
    "whiteboard": "Digital whiteboards for workshops",
    "intranet": "Intranet news and shift notices",
    "website": "Company website and product pages",
    "careers": "Careers site and job adverts",
    "manuals": "Product manuals online",
    "extranet": "Distributor extranet",
    "mes": "Production scheduling and work orders",
    "batch": "Batch records and traceability for every skid",
    "testrig": "Test-rig data capture",
    "maint": "Planned maintenance for plant equipment",
    "telemetry": "Live readings from customers' installed systems",
    "lab": "Water-quality lab results",
    "servers": "Server administration",
    "dbpatch": "Database patching",
}


@dataclass(frozen=True)
class IdeaSpec:
    department: str  # the submitter's department
    kind: str
    service: str | None  # a key of SERVICES
    title: str
    description: str


# The tables below keep one idea to two or three lines; the formatter would spread each over seven.
# fmt: off

# --- Ideas asked once ---------------------------------------------------------------------------

IDEAS: tuple[IdeaSpec, ...] = (
    # Executive Office
    IdeaSpec(EXEC, IMP, "mail", "Let directors give their assistant calendar access themselves",
             "Every time a director changes assistant we raise a ticket and wait two days. The director should "
             "be able to grant *edit* access to their own calendar."),
    IdeaSpec(EXEC, NEW, "files", "A secure portal for board packs",
             "Board papers go out as thirty PDF attachments. A place to publish the pack, with versions and "
             "read-only access for the non-executive directors, would end the \"which version?\" emails."),
    IdeaSpec(EXEC, IMP, "video", "Proper video kit in the boardroom",
             "The camera shows half the table and the microphone picks up the air conditioning. Remote directors "
             "cannot follow the discussion."),
    IdeaSpec(EXEC, ASK, "phone", "Can I keep my mobile number when I get a new handset?",
             "My phone is due for replacement. Do I lose the number, and what happens to my WhatsApp history?"),
    IdeaSpec(EXEC, PRB, "video", "Screen sharing from a laptop in the boardroom fails half the time",
             "The HDMI adapter works, the wireless sharing does not. We lose ten minutes at the start of every "
             "board meeting."),
    IdeaSpec(EXEC, IMP, "intranet", "A one-page weekly digest of company news for the leadership team",
             "Important news is spread over the intranet, team chat and email. A Friday digest would do."),
    IdeaSpec(EXEC, ASK, None, "What is our plan if the head office loses its internet connection?",
             "After the outage in March I realised I don't know. Is there a backup line?"),
    IdeaSpec(EXEC, NEW, None, "Travel booking tool with the company's negotiated rates",
             "Assistants book flights on four different websites and forward receipts. One tool with our "
             "rates and travel policy built in would save hours a week."),
    # Finance
    IdeaSpec(FIN, IMP, "close", "Lock a closed month so nobody can post into it by mistake",
             "Twice this year an invoice was posted into a closed period and we had to reopen the month."),
    IdeaSpec(FIN, NEW, None, "A treasury dashboard with all our bank balances in one place",
             "We log into five bank portals every morning to build the cash position by hand."),
    IdeaSpec(FIN, ASK, "close", "Who can approve journal entries over 50,000 in the new system?",
             "The approval matrix in the old system was clear. Where is it now?"),
    IdeaSpec(FIN, IMP, "budget", "Actuals in the budgeting workspace by the third working day",
             "Cost-centre managers can't compare against budget until the second week of the month."),
    IdeaSpec(FIN, PRB, "close", "Month-end reports time out when run for all entities",
             "The consolidated P&L report runs for 20 minutes and then fails. Running it entity by entity works."),
    IdeaSpec(FIN, IMP, "ap", "Show the payment date on the supplier portal",
             "Suppliers phone us daily to ask when they will be paid. If they could see it, they wouldn't."),
    # Accounts Payable
    IdeaSpec(AP, IMP, "ap", "Read invoice PDFs automatically instead of typing them in",
             "We key in around 1,200 invoices a month by hand. Most suppliers send clean PDFs that a machine "
             "could read; we would only check the exceptions."),
    IdeaSpec(AP, PRB, "ap", "Duplicate invoices are not caught when the supplier changes the number format",
             "Supplier *INV-0042* and *0042* got paid twice last quarter. The check should ignore prefixes and "
             "leading zeros."),
    IdeaSpec(AP, IMP, "ap", "Bulk-approve small invoices under 200",
             "Approvers click through dozens of tiny invoices one by one. A bulk approval for low amounts from "
             "known suppliers would help."),
    IdeaSpec(AP, ASK, "ap", "Can suppliers upload invoices themselves?",
             "Several suppliers asked for a portal. Is that something the system can do?"),
    IdeaSpec(AP, IMP, "purchase", "Match invoices to goods received automatically",
             "Three-way matching is done in a spreadsheet. The data is all in the system already."),
    IdeaSpec(AP, PRB, "ap", "The payment run export fails on supplier names with accents",
             "Names like *Société Générale* break the bank file and the whole run is rejected."),
    IdeaSpec(AP, IMP, "ap", "Remind approvers automatically when an invoice waits more than five days",
             "We chase approvers by email; the system knows who is sitting on what."),
    IdeaSpec(AP, ASK, "ledger", "How long do we have to keep the old ledger available?",
             "Auditors asked for 2017 invoices. Will the old ledger still be there next year?"),
    IdeaSpec(AP, IMP, "ap", "Let us attach the email conversation to an invoice",
             "Disputes are settled by email, and the history gets lost when someone leaves."),
    IdeaSpec(AP, PRB, None, "The scanner in the post room sends files with random names",
             "Every scanned invoice arrives as *scan0001.pdf*, so we rename hundreds of files a week."),
    IdeaSpec(AP, IMP, "ap", "Supplier bank detail changes should need a second person to approve",
             "We nearly paid a fraudster in June. A four-eyes check on bank details would stop that."),
    # Financial Planning & Analysis
    IdeaSpec(FPA, IMP, "budget", "Rolling forecast instead of a once-a-year budget",
             "The budget is out of date by March. A quarterly rolling forecast in the workspace would reflect "
             "how the business really plans."),
    IdeaSpec(FPA, NEW, None, "A self-service reporting tool for managers",
             "We build the same twenty reports by hand each month. Managers could pull them themselves."),
    IdeaSpec(FPA, IMP, "budget", "Keep comments next to the numbers in the forecast",
             "Explanations live in emails; next year nobody knows why the figure changed."),
    IdeaSpec(FPA, PRB, "budget", "Budget workspace is very slow on the last day before submission",
             "Everybody submits on the deadline and saving a sheet takes minutes."),
    IdeaSpec(FPA, ASK, "crm", "Can we get the sales pipeline into the forecast automatically?",
             "Revenue forecasts start from a CRM export that we clean by hand every week."),
    IdeaSpec(FPA, IMP, "close", "Headcount numbers from HR in the monthly pack",
             "We copy headcount from an HR spreadsheet every month; it is often a month behind."),
    IdeaSpec(FPA, NEW, None, "Scenario modelling for price increases",
             "Sales leadership asks \"what if we raise prices 4%?\" and it takes us a week to answer."),
    # Legal & Compliance
    IdeaSpec(LEGAL, NEW, None, "A contract register with renewal reminders",
             "Contracts live in personal folders. We missed a renewal notice period twice this year."),
    IdeaSpec(LEGAL, IMP, "mail", "Legal hold that Legal can apply without IT",
             "Putting a mailbox on hold takes a ticket. During a dispute, hours matter."),
    IdeaSpec(LEGAL, ASK, "files", "Where should privileged documents be stored?",
             "Team sites are visible to too many people. Is there a place only Legal can read?"),
    IdeaSpec(LEGAL, IMP, None, "Track who accepted the updated code of conduct",
             "We email the policy and collect replies. A simple acknowledgement with a report would do."),
    IdeaSpec(LEGAL, PRB, "encmail", "External lawyers cannot open our encrypted emails on their phones",
             "They get a link that asks for a code, and the code never arrives on mobile."),
    IdeaSpec(LEGAL, NEW, None, "Redaction tool for documents we disclose",
             "We black out text with a marker and scan it. Digital redaction that really removes the text is "
             "needed."),
    # Regulatory Affairs
    IdeaSpec(REG, IMP, "encmail", "Tell me when a regulator has opened our submission",
             "Proof of receipt matters in our work. A read receipt that regulators can't switch off would do."),
    IdeaSpec(REG, NEW, None, "A tracker for every certification and its expiry date",
             "WRAS, NSF and DWI approvals expire at different times and we track them in a spreadsheet."),
    IdeaSpec(REG, ASK, "mail", "How long are emails kept before they are deleted?",
             "Regulators can ask for correspondence from ten years ago. What is the retention today?"),
    IdeaSpec(REG, IMP, "lab", "Attach lab certificates to a product's approval file automatically",
             "Each approval needs the latest lab results; we download and re-upload them by hand."),
    IdeaSpec(REG, PRB, "files", "Regulatory submission folders hit the path length limit",
             "Folders nested by product, market and year create paths too long to sync."),
    IdeaSpec(REG, IMP, "manuals", "Publish declarations of conformity next to each product manual",
             "Distributors ask for them by email every week."),
    # Human Resources
    IdeaSpec(HR, NEW, None, "An online onboarding checklist for new starters",
             "New starters get a Word document. Managers forget half of it, and nobody knows who owns which step."),
    IdeaSpec(HR, IMP, "mail", "Create the mailbox before the first day, every time",
             "About one starter in five has no account on day one."),
    IdeaSpec(HR, PRB, None, "Leavers keep access to systems for weeks",
             "Access is removed by tickets to each system owner. Some never get done."),
    IdeaSpec(HR, ASK, None, "Can payslips be sent by email instead of on paper?",
             "Shop-floor staff still get printed payslips; many asked for email."),
    IdeaSpec(HR, IMP, "intranet", "A searchable HR policy page instead of PDFs",
             "People can't find the parental leave policy and email us instead."),
    IdeaSpec(HR, NEW, None, "An employee self-service portal for personal details",
             "Address and bank changes come in on paper forms and are typed in by HR."),
    # Recruiting
    IdeaSpec(REC, IMP, "careers", "Apply for a job from a phone without creating an account",
             "Most applicants for shop-floor roles use phones and give up at the account step."),
    IdeaSpec(REC, NEW, None, "An applicant tracking system",
             "We run recruitment from a shared mailbox and a spreadsheet. Candidates fall through the gaps."),
    IdeaSpec(REC, IMP, "careers", "Post jobs to job boards directly from the careers site",
             "We copy every advert into four job boards by hand."),
    IdeaSpec(REC, ASK, "video", "Can candidates join a video interview without installing anything?",
             "Several candidates could not join from their browser last month."),
    IdeaSpec(REC, PRB, "careers", "Careers site shows jobs that were filled months ago",
             "Candidates apply for roles that are closed, and we reply to each by hand."),
    IdeaSpec(REC, IMP, "mail", "Schedule interviews with the panel's free time shown",
             "Finding a slot for four interviewers takes a dozen emails."),
    # Learning & Development
    IdeaSpec(LND, NEW, None, "A learning platform to track mandatory training",
             "Safety and compliance training is tracked on paper sign-in sheets."),
    IdeaSpec(LND, IMP, "video", "Record training sessions and keep them for new starters",
             "We repeat the same induction sessions every month."),
    IdeaSpec(LND, ASK, "intranet", "Can the intranet show training courses with a booking link?",
             "Course dates are announced by email and people lose them."),
    IdeaSpec(LND, IMP, "whiteboard", "Whiteboard templates for our workshops",
             "Every trainer builds their own boards from scratch; shared templates would help."),
    IdeaSpec(LND, PRB, "kiosk", "Shop-floor staff cannot reach e-learning on the kiosks",
             "The kiosks block the training site, so operators do their courses at home."),
    # Sales
    IdeaSpec(SALES, IMP, "crm", "Pipeline report by region that updates itself",
             "Every Monday someone exports the CRM to Excel to build the same pivot table."),
    IdeaSpec(SALES, NEW, None, "Commission statements that salespeople can see themselves",
             "Commission questions take a day of Finance's time every month."),
    IdeaSpec(SALES, ASK, "crm", "Can the CRM warn me when a key account goes quiet?",
             "We lost a distributor last year because nobody noticed they stopped ordering."),
    IdeaSpec(SALES, IMP, "quotes", "Price list updates in the quoting tool on the same day",
             "After a price change, quotes go out at old prices for a week."),
    IdeaSpec(SALES, NEW, None, "Sales enablement library with the latest decks and case studies",
             "Everyone has their own version of the product deck, some from 2021."),
    # Field Sales North
    IdeaSpec(NORTH, IMP, "quotes", "Create a quote on my phone at the customer's site",
             "Customers want a number before I leave. Today I promise it for tomorrow."),
    IdeaSpec(NORTH, PRB, "crm", "CRM logs me out every time I switch apps on my phone",
             "I have to log in again three or four times during a single customer visit."),
    IdeaSpec(NORTH, IMP, "crm", "Log a customer visit by voice from the car",
             "I drive four hours a day. Dictating visit notes would mean they get written."),
    IdeaSpec(NORTH, ASK, "phone", "Does my company phone number work when I'm abroad?",
             "I'm visiting distributors in Poland next month."),
    IdeaSpec(NORTH, IMP, "crm", "Show a customer's installed systems on their CRM record",
             "Before a visit I want to know what they already have and how old it is."),
    IdeaSpec(NORTH, NEW, None, "Route planning for customer visits",
             "Planning a week of visits across the region is done with a paper map and Google."),
    IdeaSpec(NORTH, IMP, "quotes", "Quote templates in German and Polish",
             "Distributors in the east ask for quotes in their language; we translate by hand."),
    IdeaSpec(NORTH, PRB, "leads", "Leads from the trade show arrived three weeks late",
             "By the time the leads reached us, two customers had bought from a competitor."),
    IdeaSpec(NORTH, IMP, "telemetry", "Alert the account manager when a customer's system raises a fault",
             "Customers expect us to know before they call."),
    IdeaSpec(NORTH, ASK, "expenses", "Can mileage be claimed from the visit log?",
             "I record the same trips twice: once in the CRM and once for expenses."),
    # Field Sales South
    IdeaSpec(SOUTH, IMP, "crm", "Give us a CRM that is as simple as Pipedrive",
             "Half the team still keeps deals in Pipedrive because the company CRM takes too many clicks."),
    IdeaSpec(SOUTH, IMP, "quotes", "Add optional extras to a quote with one click",
             "Pre-filters and UV stages are in almost every quote and each is typed in by hand."),
    IdeaSpec(SOUTH, PRB, "quotes", "Quote PDFs show the wrong VAT rate for Spain",
             "Every Spanish quote has to be corrected by hand before sending."),
    IdeaSpec(SOUTH, NEW, None, "Customer reference map showing where our systems are installed",
             "Prospects always ask who nearby already uses our systems."),
    IdeaSpec(SOUTH, ASK, "crm", "Who owns a customer when they move from south to north?",
             "Two of us called the same customer last week."),
    IdeaSpec(SOUTH, IMP, "extranet", "Let distributors see their order status online",
             "Distributors call us to ask where their order is; we call Logistics."),
    IdeaSpec(SOUTH, IMP, "video", "Background blur that works on older laptops",
             "My laptop freezes when I turn it on, and I often call from hotel rooms."),
    IdeaSpec(SOUTH, PRB, "phone", "Calls drop when the company app switches from Wi-Fi to mobile data",
             "Every call from the car park drops."),
    IdeaSpec(SOUTH, IMP, "crm", "Import business cards by taking a photo",
             "I come back from every visit with a stack of cards."),
    # Customer Success
    IdeaSpec(CS, IMP, "cases", "Let customers see the status of their support case online",
             "A third of our calls are \"any news on my case?\"."),
    IdeaSpec(CS, NEW, None, "A knowledge base of fixes for common faults",
             "The answers are in the heads of three senior engineers. When they're on holiday, we struggle."),
    IdeaSpec(CS, IMP, "telemetry", "Open a support case automatically when a system sends an alarm",
             "We find out about faults when the customer calls, though the system told us hours earlier."),
    IdeaSpec(CS, PRB, "cases", "Emails from customers create a new case instead of updating the old one",
             "A customer replying to our email creates a duplicate case each time."),
    IdeaSpec(CS, IMP, "cases", "Customer satisfaction survey after a case is closed",
             "We have no idea how customers feel about support until they complain."),
    IdeaSpec(CS, ASK, "manuals", "Can we link manual pages directly from support replies?",
             "Manuals are PDFs; we can only send the whole 200-page document."),
    IdeaSpec(CS, IMP, "cases", "Show the customer's service contract level on the case",
             "We check the contract in another system before every reply."),
    IdeaSpec(CS, PRB, "phone", "Support line callers wait in silence with no queue message",
             "Callers hang up because they think the line is dead."),
    IdeaSpec(CS, IMP, "cases", "Route cases to engineers by skill and region",
             "Cases are assigned by whoever reads the queue first."),
    IdeaSpec(CS, NEW, None, "Remote view of a customer's control panel during a support call",
             "Describing the screen over the phone takes half the call."),
    # Marketing
    IdeaSpec(MKT, IMP, "website", "Let Marketing publish product pages without a developer",
             "Changing a product photo takes a ticket and a week."),
    IdeaSpec(MKT, NEW, None, "A digital asset library for photos, logos and videos",
             "Images are spread across team sites, personal drives and Dropbox."),
    IdeaSpec(MKT, IMP, "campaigns", "Sync newsletter unsubscribes back to the CRM",
             "Salespeople email customers who unsubscribed, which breaks the rules."),
    IdeaSpec(MKT, PRB, "website", "The website is slow on mobile",
             "Product pages take eight seconds to load on a phone; most visitors leave."),
    IdeaSpec(MKT, ASK, "campaigns", "Can we use Mailchimp for the distributor newsletter?",
             "Our tool is fine for customers, but distributors need a different template."),
    IdeaSpec(MKT, IMP, "website", "Website in Spanish and German",
             "Distributors translate our pages themselves, sometimes badly."),
    IdeaSpec(MKT, IMP, "leads", "Scan badges at trade shows with our own phones",
             "Renting scanners costs 400 per show and the data arrives as a CSV weeks later."),
    IdeaSpec(MKT, NEW, None, "Social media scheduling tool",
             "We post by hand on four platforms, often in the evening."),
    IdeaSpec(MKT, IMP, "website", "Track which product pages lead to a quote request",
             "We can't tell which content works."),
    IdeaSpec(MKT, ASK, "files", "Where do we keep video files that are too big for team sites?",
             "Trade-show footage is 40 GB a show."),
    # Operations
    IdeaSpec(OPS, IMP, "mes", "A live view of every line's output on one screen",
             "I walk the floor each morning to see where we are against the plan."),
    IdeaSpec(OPS, NEW, None, "Energy monitoring for the factory",
             "Energy costs doubled and we don't know which machines use the most."),
    IdeaSpec(OPS, ASK, "mes", "Can the scheduling system plan around maintenance windows?",
             "Planned maintenance collides with production runs every month."),
    IdeaSpec(OPS, IMP, None, "Health and safety incident reporting on a phone",
             "Near misses go unreported because the form is a paper pad in the office."),
    # Manufacturing
    IdeaSpec(MFG, IMP, "mes", "Show the next three work orders on the screen at each station",
             "Operators walk to the supervisor's office to find out what is next."),
    IdeaSpec(MFG, PRB, "mes", "Work order screens freeze at shift change",
             "Everybody logs in at 6:00 and the system stops for ten minutes."),
    IdeaSpec(MFG, IMP, "batch", "Scan component serial numbers instead of typing them",
             "Typing 14-digit serials causes errors that QA has to chase later."),
    IdeaSpec(MFG, IMP, "intranet", "Shift notices on the big screens in the canteen",
             "Important notices are pinned to a board nobody reads."),
    IdeaSpec(MFG, ASK, "kiosk", "Can we check our holiday balance on the kiosks?",
             "We have to ask the supervisor, who asks HR."),
    IdeaSpec(MFG, PRB, "kiosk", "The kiosk in hall B has been broken for a month",
             "Forty people share the kiosk in hall A now, and there is a queue at every break."),
    IdeaSpec(MFG, IMP, "maint", "Report a machine fault from the station with a photo",
             "Faults are reported by shouting across the hall."),
    IdeaSpec(MFG, NEW, None, "Digital work instructions with pictures at each station",
             "The instruction binders are out of date and oily."),
    IdeaSpec(MFG, IMP, "mes", "Record scrap with a reason code at the station",
             "Scrap is written on a whiteboard and typed in at the end of the week, if at all."),
    IdeaSpec(MFG, ASK, "phone", "Can supervisors get a company phone instead of using their own?",
             "We use our personal phones for overtime calls and WhatsApp groups."),
    IdeaSpec(MFG, IMP, "maint", "Show when a machine's next maintenance is due on the machine",
             "A QR code on each machine showing its maintenance history would help."),
    IdeaSpec(MFG, PRB, "batch", "Batch record printouts are unreadable",
             "The font is tiny and the barcode is cut off on the labels."),
    IdeaSpec(MFG, IMP, "mes", "Let operators sign off a work order with their badge",
             "Typing a username and password with gloves on is slow."),
    IdeaSpec(MFG, NEW, None, "Skills matrix showing who is trained on which machine",
             "Supervisors plan shifts from memory; when someone is off sick we guess."),
    IdeaSpec(MFG, IMP, "testrig", "Send the pressure-test result straight into the batch record",
             "The test rig prints a slip that we staple to the paper record."),
    IdeaSpec(MFG, PRB, None, "Wi-Fi drops at the far end of hall C",
             "Handheld scanners lose connection by the loading bay."),
    IdeaSpec(MFG, IMP, "intranet", "Canteen menu on the intranet",
             "Small thing, but people ask every day."),
    IdeaSpec(MFG, ASK, "mes", "Why do work orders show a due date in the past?",
             "Half the orders on my screen are red, but the planner says they are fine."),
    # Logistics
    IdeaSpec(LOG, IMP, "purchase", "Scan deliveries into stock with a handheld at the dock",
             "Goods received are written on paper and typed in next day, so stock is always a day behind."),
    IdeaSpec(LOG, NEW, None, "Track our delivery vans on a map",
             "Customers ask when their delivery arrives and we phone the driver."),
    IdeaSpec(LOG, IMP, "purchase", "Show stock levels across both warehouses in one place",
             "We call the other site to check stock before promising a date."),
    IdeaSpec(LOG, PRB, None, "Label printer in dispatch jams on every second label",
             "We print shipping labels twice for every pallet."),
    IdeaSpec(LOG, ASK, "purchase", "Can suppliers book their own delivery slots?",
             "Three trucks arrived at the same time on Tuesday."),
    IdeaSpec(LOG, IMP, "extranet", "Send customers a tracking link when their order ships",
             "Every shipped order is followed by a \"where is it?\" call."),
    IdeaSpec(LOG, NEW, None, "Proof of delivery signed on the driver's phone",
             "Paper delivery notes come back crumpled or not at all."),
    IdeaSpec(LOG, IMP, "purchase", "Reorder points that warn us before stock runs out",
             "We ran out of membrane housings twice this quarter."),
    IdeaSpec(LOG, PRB, "purchase", "Purchase orders arrive at suppliers without the delivery address",
             "Suppliers deliver to head office instead of the warehouse."),
    IdeaSpec(LOG, IMP, "mes", "Tell the warehouse which parts production needs tomorrow",
             "Picking starts when the line runs out."),
    IdeaSpec(LOG, ASK, None, "Who do we call when the warehouse system is down at night?",
             "The night shift had no number to call last Saturday."),
    # Quality Assurance
    IdeaSpec(QA, IMP, "batch", "Trace every component of a skid back to its supplier lot in one search",
             "A recall investigation took us three days of searching paper records."),
    IdeaSpec(QA, NEW, None, "A system for non-conformance reports and corrective actions",
             "NCRs are Word files in a shared folder; we can't see trends or overdue actions."),
    IdeaSpec(QA, IMP, "lab", "Flag lab results outside the limits automatically",
             "We read every result against the limits by eye."),
    IdeaSpec(QA, PRB, "batch", "Batch records can be edited after sign-off",
             "The auditor noticed; this is a finding waiting to happen."),
    IdeaSpec(QA, ASK, "files", "Is the quality manual on the team site the controlled copy?",
             "There are three versions in different folders."),
    IdeaSpec(QA, IMP, "testrig", "Keep the raw test-rig data, not only pass or fail",
             "When a skid fails in the field we want to see the original test curve."),
    IdeaSpec(QA, IMP, "purchase", "Supplier quality scores visible when ordering",
             "Buyers order from suppliers we have open complaints with."),
    IdeaSpec(QA, NEW, None, "Calibration register for measuring equipment",
             "Calibration dates are on stickers and in a spreadsheet that disagree."),
    IdeaSpec(QA, IMP, "lab", "Certificates of analysis generated from lab results",
             "We retype results into a Word template for each customer."),
    # Research & Development
    IdeaSpec(RND, IMP, "testrig", "Stream test-rig readings to a dashboard during long tests",
             "Engineers come in at weekends to check on 72-hour tests."),
    IdeaSpec(RND, NEW, None, "An electronic lab notebook",
             "Paper notebooks are hard to search and impossible to share with the other site."),
    IdeaSpec(RND, IMP, "files", "Version control for CAD drawings",
             "We save files as *_final_v3_really_final* and overwrite each other's work."),
    IdeaSpec(RND, ASK, None, "Can we use Python and Jupyter on our laptops?",
             "Installing anything needs a ticket, and data analysis is half our work now."),
    IdeaSpec(RND, PRB, "testrig", "Test-rig PC still runs Windows 7",
             "It can't be updated and it's on the network. That worries me."),
    IdeaSpec(RND, IMP, "telemetry", "Access to anonymised field data from installed systems",
             "We design the next generation without knowing how the current one behaves in real use."),
    IdeaSpec(RND, NEW, None, "A small compute server for simulations",
             "Flow simulations run overnight on a laptop and block it for a day."),
    IdeaSpec(RND, IMP, "boards", "Project boards shared with suppliers",
             "Joint development with the membrane supplier runs on email."),
    IdeaSpec(RND, ASK, "files", "Where can we store test data safely for ten years?",
             "Certification bodies may ask for it."),
    IdeaSpec(RND, IMP, "lab", "Link lab samples to the prototype they came from",
             "We lose track of which sample came from which build."),
    IdeaSpec(RND, NEW, None, "Requirements management for product development",
             "Requirements live in Word documents, and nobody knows which version the tests are based on."),
    IdeaSpec(RND, PRB, None, "The 3D printer can't be reached from the engineering network",
             "We carry files to it on USB sticks."),
    # Information Technology, Service Desk, Platform Engineering
    IdeaSpec(IT, IMP, None, "A status page for IT outages",
             "During an outage the service desk takes 200 calls asking the same question."),
    IdeaSpec(IT, NEW, None, "Software asset register with licence counts",
             "We don't know how many licences we pay for against how many are used."),
    IdeaSpec(DESK, IMP, None, "Let people install approved software themselves",
             "A third of our tickets are requests to install software from the approved list."),
    IdeaSpec(DESK, PRB, None, "New laptops take a whole day to set up",
             "Each laptop is set up by hand. Starters wait, and so do we."),
    IdeaSpec(DESK, IMP, None, "Chat with the service desk from the intranet",
             "Phone queues are long at 9:00; many questions are quick."),
    IdeaSpec(DESK, ASK, "pager", "Do we still need pagers for on-call?",
             "The pager network is being switched off next year, we hear."),
    IdeaSpec(DESK, IMP, "kiosk", "Restart a frozen kiosk remotely",
             "We walk to the hall every time a kiosk hangs."),
    IdeaSpec(PLAT, IMP, "servers", "Automatic patching for the plant servers",
             "We patch by hand at weekends and fall behind."),
    IdeaSpec(PLAT, IMP, "dbpatch", "Test database patches on a copy before production",
             "A patch broke the scheduling database in May."),
    IdeaSpec(PLAT, NEW, None, "Central logging for servers and network equipment",
             "When something breaks we log into ten machines to read logs."),
    IdeaSpec(PLAT, PRB, "servers", "Backups of the file server take longer than the night",
             "The backup is still running when people start work, and everything is slow until 10:00."),
    IdeaSpec(PLAT, ASK, "fax", "Can we switch off the fax line?",
             "Two faxes came in this year, both spam."),
    # More from across the company
    IdeaSpec(AP, IMP, "expenses", "Approve expense claims from the phone notification",
             "Managers open the app, search for the claim and approve. One tap would do."),
    IdeaSpec(NORTH, PRB, "expenses", "Receipt photos are rejected as unreadable",
             "Fuel receipts are thermal paper and the app says the photo is blurred."),
    IdeaSpec(SOUTH, IMP, "expenses", "Company card transactions in the expense app automatically",
             "I type in each card payment and then attach the receipt."),
    IdeaSpec(FIN, IMP, "expenses", "Flag expense claims that break the travel policy before submission",
             "We reject claims after the fact and everyone is annoyed."),
    IdeaSpec(CS, ASK, "expenses", "Can I claim expenses in euros?",
             "I paid for parts in Spain and the app only accepts pounds."),
    IdeaSpec(MKT, IMP, "chat", "A channel for each trade show that closes afterwards",
             "Trade-show chats stay around forever and clutter the list."),
    IdeaSpec(LOG, PRB, "chat", "Team chat notifications don't arrive on the warehouse handhelds",
             "We miss urgent messages from dispatch."),
    IdeaSpec(RND, IMP, "chat", "Chat with external partners in shared channels",
             "We email suppliers because we can't invite them to a chat."),
    IdeaSpec(HR, ASK, "chat", "Are team chat messages kept forever?",
             "Employees asked whether private messages can be read later."),
    IdeaSpec(QA, IMP, "boards", "Board templates for audits",
             "Every audit is tracked on a new board set up from scratch."),
    IdeaSpec(FPA, IMP, "boards", "Connect project boards to the budget",
             "Project spend and progress are tracked in two places."),
    IdeaSpec(MKT, IMP, "boards", "Calendar view of campaign boards",
             "We need to see campaigns on a timeline, not a list of cards."),
    IdeaSpec(OPS, ASK, "boards", "Can we use Trello for the factory improvement projects?",
             "The team already uses it privately and likes it."),
    IdeaSpec(EXEC, IMP, "boards", "A single view of all strategic projects and their status",
             "I collect status from twelve project leads by email each month."),
    IdeaSpec(LND, IMP, "files", "Share training materials with people outside the company",
             "Distributor technicians take our courses and need the slides."),
    IdeaSpec(CS, PRB, "files", "Team site search doesn't find words inside PDFs",
             "Service bulletins are PDFs and search ignores their contents."),
    IdeaSpec(SALES, IMP, "files", "Open shared files on the phone without the VPN",
             "Salespeople on the road can't open price lists."),
    IdeaSpec(HR, PRB, "files", "Personnel files on the team site are visible to all of HR",
             "Some files should only be seen by the HR director."),
    IdeaSpec(QA, IMP, "files", "Approval workflow for controlled documents",
             "Procedures are approved by email and the approvals can't be found at audit."),
    IdeaSpec(MFG, IMP, "video", "Video call from the shop floor to R&D when a problem appears",
             "Engineers walk over from the other building to look at a problem for two minutes."),
    IdeaSpec(CS, IMP, "video", "Show the customer's system live during a video call",
             "A phone camera stream to our support engineers would save site visits."),
    IdeaSpec(LEGAL, ASK, "video", "Are video meetings recorded by default?",
             "We need to know before discussing privileged matters."),
    IdeaSpec(FIN, PRB, "video", "Echo in meeting room 2 whenever someone joins from a laptop",
             "People join with their laptop in the room and the echo is awful."),
    IdeaSpec(NORTH, IMP, "video", "Join video calls from the car hands-free",
             "I join customer calls while driving to the next visit."),
    IdeaSpec(HR, IMP, "video", "Live captions in video meetings",
             "Two colleagues with hearing loss asked for it, and it helps non-native speakers."),
    IdeaSpec(REG, IMP, "mail", "Automatic archiving of emails sent to regulators",
             "We save each email as a file in the submission folder by hand."),
    IdeaSpec(MKT, PRB, "mail", "Our emails to customers land in their spam folder",
             "Several customers found our quotes in junk."),
    IdeaSpec(LOG, IMP, "mail", "Email on the warehouse handhelds",
             "Dispatch sends pick changes by email, and the warehouse can't read it."),
    IdeaSpec(EXEC, PRB, "mail", "Calendar invites from customers show the wrong time zone",
             "I turned up an hour early to a call with a customer in Portugal."),
    IdeaSpec(CS, IMP, "mail", "Send email from the support address, not my own",
             "Customers reply to me when I'm on holiday."),
    IdeaSpec(RND, PRB, "mail", "Mailbox full warnings every week",
             "CAD files arrive by email and the mailbox limit is 10 GB."),
    IdeaSpec(QA, IMP, "maint", "Link calibration due dates to planned maintenance",
             "Calibration and maintenance are planned separately and the machine stops twice."),
    IdeaSpec(OPS, IMP, "maint", "Spare parts stock shown on a maintenance job",
             "Technicians walk to the stores to find out a part is out of stock."),
    IdeaSpec(MFG, PRB, "maint", "Maintenance jobs close without the technician's notes",
             "Next time the machine breaks we don't know what was done."),
    IdeaSpec(LOG, ASK, "maint", "Can forklift inspections go into the maintenance system?",
             "The daily forklift checks are on paper."),
    IdeaSpec(CS, IMP, "telemetry", "Monthly performance report for each customer's system",
             "Customers with service contracts ask for one and we build it by hand."),
    IdeaSpec(SOUTH, ASK, "telemetry", "Can customers see their own system's readings?",
             "Two large customers asked for a portal."),
    IdeaSpec(RND, PRB, "telemetry", "Gaps in the readings from systems on mobile networks",
             "Systems in rural sites lose connection and the data is lost, not buffered."),
    IdeaSpec(QA, ASK, "lab", "Can the lab system keep results for longer than five years?",
             "Product approvals need results from the original test."),
    IdeaSpec(CS, IMP, "lab", "Let customers send water samples and see results online",
             "Customers send samples for analysis and wait for a letter."),
    IdeaSpec(MKT, IMP, "careers", "Employee stories on the careers site",
             "Candidates want to know what working here is like."),
    IdeaSpec(HR, IMP, "careers", "Anonymous applications for the first round",
             "Removing names and photos in the first round would help us hire fairly."),
    IdeaSpec(CS, IMP, "manuals", "Search inside the product manuals",
             "Customers can't find the page on backwashing in a 200-page PDF."),
    IdeaSpec(RND, IMP, "manuals", "Publish manual updates without rebuilding the whole PDF",
             "A small correction takes two weeks to reach customers."),
    IdeaSpec(SOUTH, PRB, "manuals", "Manual links on the website return 404",
             "Several product pages link to manuals that moved."),
    IdeaSpec(MKT, IMP, "manuals", "Manuals on phones, not only as PDFs",
             "Installers read manuals on their phones on site."),
    IdeaSpec(NORTH, IMP, "extranet", "Distributors download marketing material themselves",
             "We email brochures and logos to distributors every week."),
    IdeaSpec(CS, PRB, "extranet", "Distributors can't reset their extranet password",
             "They email us and we raise a ticket with IT."),
    IdeaSpec(SALES, ASK, "extranet", "Can distributors see their own price list on the extranet?",
             "Price lists go out by email and old ones are used for months."),
    IdeaSpec(MKT, IMP, "campaigns", "Newsletter sign-up form on the website that really works",
             "The form adds people to a list nobody reads."),
    IdeaSpec(SALES, IMP, "campaigns", "See which customers opened the newsletter in the CRM",
             "A customer who read about the new UV module is a warm lead."),
    IdeaSpec(CS, IMP, "campaigns", "Service bulletins sent as email campaigns to affected customers",
             "We send safety bulletins one by one from Outlook."),
    IdeaSpec(MKT, PRB, "leads", "Trade-show leads come without consent records",
             "We can't email leads if we can't prove they agreed."),
    IdeaSpec(SALES, IMP, "leads", "Assign trade-show leads to the right region automatically",
             "Someone sorts 300 leads by postcode after each show."),
    IdeaSpec(CS, IMP, "intranet", "Post service bulletins on the intranet for the whole company",
             "Sales finds out about product issues from customers."),
    IdeaSpec(REC, IMP, "intranet", "Internal job vacancies on the intranet home page",
             "People hear about internal jobs after the external advert."),
    IdeaSpec(LOG, IMP, "intranet", "Intranet on the handhelds for shift notices",
             "Warehouse staff never see the intranet."),
    IdeaSpec(EXEC, ASK, "intranet", "Can we see who has read an important announcement?",
             "For safety notices we need to know everyone has seen them."),
    IdeaSpec(MFG, IMP, "whiteboard", "Whiteboards on the big screens for shift huddles",
             "The huddle board is a paper flipchart that gets thrown away."),
    IdeaSpec(RND, IMP, "whiteboard", "Import sketches from a tablet into the workshop boards",
             "We draw on paper and photograph it."),
    IdeaSpec(FPA, ASK, "ledger", "Can we get a CSV export from the old ledger?",
             "We need seven years of data for a trend analysis."),
    IdeaSpec(AP, PRB, "ledger", "The old ledger search times out on supplier names",
             "Searching by supplier name takes minutes and then fails."),
    IdeaSpec(FIN, IMP, "ap", "Pay suppliers twice a week instead of once",
             "Small suppliers ask for faster payment and we could take early-payment discounts."),
    IdeaSpec(LOG, IMP, "ap", "Let the warehouse confirm delivery so invoices can be paid",
             "Invoices wait for an email from the warehouse that confirms delivery."),
    IdeaSpec(QA, PRB, "mes", "Work orders start without the latest drawing revision",
             "Two skids were built to an old drawing last month."),
    IdeaSpec(OPS, IMP, "mes", "Plan production by the hour, not by the day",
             "A day is too coarse for our short runs."),
    IdeaSpec(MFG, IMP, "batch", "Print batch labels at the station when the skid is finished",
             "Labels are printed in the office and walked over."),
    IdeaSpec(CS, ASK, "batch", "Can support see the batch record of a customer's skid?",
             "When a customer reports a fault we ask QA for the build record."),
    IdeaSpec(RND, IMP, "testrig", "Test-rig runs started from a recipe, not set up by hand",
             "Setting up a test takes an hour of typing parameters."),
    IdeaSpec(LOG, PRB, "pager", "On-call engineers don't get pager messages in the warehouse",
             "The basement has no pager coverage."),
    IdeaSpec(PLAT, IMP, "pager", "On-call alerts on the phone app instead of pagers",
             "We carry a pager and a phone. One device would do."),
    IdeaSpec(REG, ASK, "fax", "Does anyone still send us documents by fax?",
             "One regulator in the Middle East used to."),
    IdeaSpec(CS, IMP, "phone", "Show the customer's name when they call the support line",
             "We ask every caller who they are, though the CRM knows the number."),
    IdeaSpec(SALES, PRB, "phone", "Voicemails on the company number are never delivered",
             "Customers say they left messages we never got."),
    IdeaSpec(QA, IMP, "close", "Cost of poor quality in the monthly report",
             "Scrap and rework costs are invisible in the management pack."),
    IdeaSpec(FPA, PRB, "close", "Intercompany balances don't match at month end",
             "We spend two days reconciling the two entities."),
    IdeaSpec(FIN, NEW, None, "A fixed-asset register that depreciates automatically",
             "Depreciation is calculated in a spreadsheet with 1,400 rows."),
    IdeaSpec(LEGAL, IMP, "crm", "Flag customers in sanctioned countries in the CRM",
             "Export control checks are done by hand before each quote."),
    IdeaSpec(REG, IMP, "quotes", "Show which certifications a product has on the quote",
             "Customers ask whether the system is WRAS approved after the quote."),
    IdeaSpec(CS, IMP, "crm", "See open support cases on the customer's CRM record",
             "Salespeople visit angry customers without knowing why they're angry."),
    IdeaSpec(FPA, IMP, "quotes", "Margin warning on quotes below the floor",
             "Quotes below 25% margin go out without anyone noticing."),
    IdeaSpec(CS, NEW, None, "A customer portal for service contracts, cases and documents",
             "Customers ask for documents, case status and invoices by email."),
    IdeaSpec(MKT, ASK, "website", "Who can change the website's cookie banner?",
             "It still shows the old company name."),
    IdeaSpec(RND, IMP, "website", "A product selector on the website",
             "Customers choose the wrong system size and sales corrects it later."),
    IdeaSpec(LOG, NEW, None, "Yard management for trucks waiting at the gate",
             "Drivers wait in the road because nobody knows which dock is free."),
    IdeaSpec(MFG, NEW, None, "Suggestion box on the kiosks for shop-floor improvements",
             "Operators have good ideas but no way to send them in that isn't a conversation."),
    IdeaSpec(DESK, PRB, None, "Printers in the office run out of toner without warning",
             "We find out when someone calls in a panic before a customer meeting."),
    IdeaSpec(FIN, ASK, None, "Can we stop printing purchase orders?",
             "We print, sign and scan every purchase order over 5,000."),
    IdeaSpec(HR, IMP, None, "Digital timesheets for hourly staff",
             "Timesheets are paper cards added up by hand for payroll."),
    IdeaSpec(MFG, PRB, None, "The clocking-in machine in hall A misreads badges",
             "People are marked late when they were on time."),
    IdeaSpec(LEGAL, NEW, None, "A gifts and hospitality register",
             "Declarations are made by email and can't be reported on."),
    IdeaSpec(REG, IMP, "files", "Read-only share of submission folders for the auditors",
             "Auditors sit next to us while we open folders for them."),
    IdeaSpec(LND, NEW, None, "A mentoring matching tool",
             "Mentors and mentees are matched by HR from a spreadsheet."),
    IdeaSpec(EXEC, NEW, None, "An AI assistant to summarise long documents and meetings",
             "Board papers are 300 pages. An approved AI assistant that keeps our data private would save "
             "hours, and people are already pasting documents into free tools."),
    IdeaSpec(MKT, ASK, None, "Are we allowed to use ChatGPT for marketing copy?",
             "Some of the team use it already. Is there a policy?"),
    IdeaSpec(RND, NEW, None, "An approved AI coding assistant for our test scripts",
             "Engineers write Python for test automation and would be twice as fast with an assistant."),
)


# --- The same request asked several times: (members, how many of them a PM already merged) -----------
# The first member is the original; merged members fold into it.

DUPLICATES: tuple[tuple[tuple[IdeaSpec, ...], int], ...] = (
    (
        (
            IdeaSpec(AP, IMP, "expenses", "Single sign-on for the expense app",
                     "Everything else opens with my company login; the expense app wants its own password."),
            IdeaSpec(NORTH, IMP, "expenses", "Log in to the expense app with my company account",
                     "I reset the expense password every time I need it, which is once a month."),
            IdeaSpec(MKT, PRB, "expenses", "Stop making me remember another password for expenses",
                     "Yet another password, with different rules from all the others."),
        ),
        1,
    ),
    (
        (
            IdeaSpec(CS, IMP, "mail", "Create shared mailboxes without a ticket",
                     "Each new customer project needs a shared inbox and it takes two days."),
            IdeaSpec(LOG, IMP, "mail", "Let team leads set up shared mailboxes themselves",
                     "Dispatch needed a shared mailbox for a new carrier and waited a week."),
        ),
        1,
    ),
    (
        (
            IdeaSpec(RND, NEW, "files", "Send large files to partners without USB sticks",
                     "Test data and CAD files are too big for email. We post USB sticks."),
            IdeaSpec(MKT, NEW, "files", "A way to share large files with external partners",
                     "Agencies send us videos through WeTransfer and we send them back the same way."),
            IdeaSpec(CS, IMP, "files", "Share large files with customers securely",
                     "Commissioning reports with photos are 200 MB."),
        ),
        0,
    ),
    (
        (
            IdeaSpec(SALES, IMP, None, "Guest Wi-Fi for visitors",
                     "Visiting customers ask for the Wi-Fi and we give them our own hotspot."),
            IdeaSpec(SOUTH, IMP, None, "Wi-Fi access for visiting customers",
                     "Demonstrations need internet and the meeting rooms have none for guests."),
            IdeaSpec(EXEC, PRB, None, "Visitors can't get onto the Wi-Fi",
                     "The guest code from reception stopped working in September."),
        ),
        1,
    ),
    (
        (
            IdeaSpec(DESK, IMP, None, "Reset my own password without calling the service desk",
                     "Password resets are 20% of our calls, most before 9:00."),
            IdeaSpec(MFG, IMP, None, "Self-service password reset",
                     "Night shift can't reset passwords because the service desk is closed."),
            IdeaSpec(NORTH, PRB, None, "Locked out of my account with nobody to reset my password",
                     "I was locked out at a customer site on a Saturday and lost the whole day."),
            IdeaSpec(LOG, IMP, None, "Reset forgotten passwords from the phone",
                     "Warehouse staff forget passwords after holidays."),
        ),
        1,
    ),
    (
        (
            IdeaSpec(FPA, IMP, None, "Second monitors for people who work in spreadsheets",
                     "Comparing two spreadsheets on one laptop screen is slow and error-prone."),
            IdeaSpec(AP, IMP, None, "Dual monitors for the accounts payable team",
                     "We look at the invoice and the system side by side all day."),
        ),
        0,
    ),
    (
        (
            IdeaSpec(MFG, IMP, "chat", "Team chat for shift supervisors instead of WhatsApp",
                     "Handovers and overtime offers run in WhatsApp groups on personal phones."),
            IdeaSpec(LOG, IMP, "chat", "Replace the warehouse WhatsApp groups with company chat",
                     "People who leave stay in the group and still see everything."),
            IdeaSpec(QA, PRB, "chat", "Shop-floor staff are not in team chat",
                     "We can't reach operators without walking over."),
        ),
        0,
    ),
    (
        (
            IdeaSpec(NORTH, PRB, None, "VPN is very slow when working from home",
                     "Opening a file on the team site takes minutes over the VPN."),
            IdeaSpec(FPA, PRB, None, "The VPN disconnects every hour",
                     "I lose my work in the budgeting tool when it drops."),
            IdeaSpec(CS, PRB, None, "VPN drops during video calls from home",
                     "Customer calls cut off mid-sentence."),
        ),
        0,
    ),
    (
        (
            IdeaSpec(LEGAL, NEW, None, "Electronic signatures for contracts",
                     "We print, sign, scan and email every contract. Counterparties ask why we can't sign online."),
            IdeaSpec(HR, NEW, None, "Sign documents digitally instead of printing and scanning",
                     "Employment contracts take a week to come back signed."),
            IdeaSpec(NORTH, IMP, "quotes", "Let customers sign quotes electronically",
                     "Customers accept by email and we chase a signed copy for weeks."),
        ),
        0,
    ),
    (
        (
            IdeaSpec(SALES, IMP, "mail", "Book meeting rooms from my phone",
                     "I arrive at the office and every room is taken, though half are empty."),
            IdeaSpec(FIN, IMP, "mail", "Book a meeting room from my mobile",
                     "Finding a free room means walking the corridor."),
            IdeaSpec(EXEC, IMP, "mail", "Screens outside meeting rooms showing bookings",
                     "People walk in on meetings because they can't see the room is booked."),
        ),
        1,
    ),
    (
        (
            IdeaSpec(NORTH, IMP, "crm", "Use the CRM offline at customer sites",
                     "Plant rooms have no signal and I lose the notes I typed."),
            IdeaSpec(SOUTH, PRB, "crm", "The CRM app doesn't work offline at customer sites",
                     "I write notes on paper and type them in at the hotel."),
        ),
        0,
    ),
    (
        (
            IdeaSpec(RND, IMP, None, "Faster laptops for engineers working with CAD",
                     "Opening the skid assembly takes four minutes."),
            IdeaSpec(QA, PRB, None, "CAD models take ages to open on our laptops",
                     "We wait for models to load during design reviews."),
        ),
        0,
    ),
    (
        (
            IdeaSpec(QA, IMP, "lab", "Import results straight from the lab analysers",
                     "We type results from the analyser printouts into the lab system."),
            IdeaSpec(RND, IMP, "lab", "Stop retyping lab results from the analyser",
                     "Typos in results cost us a failed batch investigation."),
        ),
        0,
    ),
    (
        (
            IdeaSpec(HR, NEW, None, "Book holidays online instead of on paper forms",
                     "Paper forms get lost and nobody knows how many days they have left."),
            IdeaSpec(MFG, IMP, None, "Request leave online and see my remaining days",
                     "I ask the supervisor, who asks HR, who checks a spreadsheet."),
            IdeaSpec(CS, NEW, None, "Book holidays online with manager approval",
                     "Approvals by email get lost when managers are away."),
        ),
        1,
    ),
    (
        (
            IdeaSpec(MFG, IMP, None, "Mobile printing to the office printers",
                     "Supervisors print shift plans from their phones by emailing them to a colleague."),
            IdeaSpec(NORTH, IMP, None, "Print from my phone when I'm at the office",
                     "I come in twice a month and can't print from my phone."),
        ),
        0,
    ),
)

# --- Private requests (HR-sensitive): only the submitter and product managers see them ----------

PRIVATE_IDEAS: tuple[IdeaSpec, ...] = (
    IdeaSpec(HR, IMP, "files", "Restrict the salary review spreadsheets to HR leadership",
             "This year's salary review file is on the HR team site and everyone in HR can open it."),
    IdeaSpec(HR, NEW, None, "An anonymous channel to report harassment",
             "People don't report because the only route is their manager or an HR email address."),
    IdeaSpec(LEGAL, NEW, None, "A confidential case log for whistleblowing reports",
             "Reports are kept in an Excel file on a personal drive. That is not good enough."),
    IdeaSpec(REC, IMP, "mail", "Separate mailbox for candidates' medical questionnaires",
             "Medical forms arrive in the shared recruiting mailbox that eight people read."),
    IdeaSpec(MFG, PRB, None, "Supervisor reads operators' messages on the shared kiosk",
             "The kiosk stays logged in and I think my messages were read. Please keep this private."),
)

# --- The demo employee's own ideas (Sam Okafor, Regulatory Affairs) -----------------------------

EMPLOYEE_IDEAS: tuple[IdeaSpec, ...] = (
    IdeaSpec(REG, IMP, "encmail", "Send regulatory dossiers to regulators without burning DVDs",
             "Dossiers for the drinking-water regulators are 2-4 GB. Today we burn DVDs and post them by "
             "courier, which takes a week and costs about 60 a time.\n\nWhat I need:\n\n"
             "- upload a dossier and send the regulator a secure link\n- proof of when they downloaded it\n"
             "- the link expires after 30 days"),
    IdeaSpec(REG, IMP, "mail", "Search the email archive by submission number",
             "Every submission has a number like **DWI-2024-0117**. Finding all the correspondence about one "
             "submission means searching each mailbox by hand."),
    IdeaSpec(REG, ASK, None, "Can we use electronic signatures on declarations of conformity?",
             "Regulators in two markets accept them now. Is there a tool we're allowed to use?"),
)

# fmt: on

# How the demo employee's ideas and the ideas they follow stand today: title → (status, days since it moved).
FORCED: dict[str, tuple[str, int]] = {
    "Send regulatory dossiers to regulators without burning DVDs": ("Planned", 3),
    "Search the email archive by submission number": ("New", 0),
    "Can we use electronic signatures on declarations of conformity?": ("Answered", 24),
    "Single sign-on for the expense app": ("In progress", 2),
    "Reset my own password without calling the service desk": ("Shipped", 5),
    "Electronic signatures for contracts": ("Planned", 8),
    "Send large files to partners without USB sticks": ("Under review", 12),
    "Tell me when a regulator has opened our submission": ("Under review", 1),
    "A tracker for every certification and its expiry date": ("Needs more votes", 40),
}

# The ideas the demo employee voted on (importance: None, 1, 2 or 3).
EMPLOYEE_VOTES: dict[str, int | None] = {
    "Single sign-on for the expense app": 2,
    "Reset my own password without calling the service desk": 3,
    "Electronic signatures for contracts": 3,
    "Send large files to partners without USB sticks": 3,
    "Tell me when a regulator has opened our submission": 3,
    "A tracker for every certification and its expiry date": 2,
    "VPN is very slow when working from home": None,
    "Book meeting rooms from my phone": 1,
    "Live captions in video meetings": 1,
}

# The most popular requests (votes they receive, merged duplicates' votes come on top) and the
# ones rising this month (most of their votes in the last 30 days).
POPULAR: dict[str, int] = {
    "Single sign-on for the expense app": 85,
    "Reset my own password without calling the service desk": 96,
    "VPN is very slow when working from home": 78,
    "Book holidays online instead of on paper forms": 70,
    "Guest Wi-Fi for visitors": 52,
    "An AI assistant to summarise long documents and meetings": 64,
    "Electronic signatures for contracts": 48,
    "Team chat for shift supervisors instead of WhatsApp": 44,
    "Book meeting rooms from my phone": 41,
    "Let people install approved software themselves": 40,
    "Send large files to partners without USB sticks": 38,
    "Are we allowed to use ChatGPT for marketing copy?": 31,
    "An approved AI coding assistant for our test scripts": 27,
    "Energy monitoring for the factory": 34,
}
RISING: tuple[str, ...] = (
    "An AI assistant to summarise long documents and meetings",
    "Team chat for shift supervisors instead of WhatsApp",
    "Are we allowed to use ChatGPT for marketing copy?",
    "An approved AI coding assistant for our test scripts",
    "Energy monitoring for the factory",
    "Tell me when a regulator has opened our submission",
)
RECENT: tuple[str, ...] = (  # submitted in the last month
    "An AI assistant to summarise long documents and meetings",
    "Are we allowed to use ChatGPT for marketing copy?",
    "An approved AI coding assistant for our test scripts",
)

# --- What product managers write -------------------------------------------------------------------

CUSTOM_STATUSES: tuple[tuple[str, str, str], ...] = (
    ("Needs more votes", Stage.UNDER_REVIEW, "A good idea; we're waiting to see how many people need it."),
    ("Answered", Stage.SHIPPED, "The question has been answered; see the message."),
)

MESSAGES: dict[str, tuple[str, ...]] = {
    "Under review": (
        "Thanks for raising this. We're looking at how many teams it affects and what it would take; "
        "expect an update within a month.",
        "We're reviewing this with the {service} team. If it affects you, please vote and say how often it "
        "happens in a comment: it helps us size it.",
        "Picked up for review. We've asked {department} for a couple of examples so we understand the need.",
        "Under review: we're checking whether the current contract already covers this before we look at anything new.",
    ),
    "Needs more votes": (
        "A sensible request, but so far it comes from one team. We'll look again when more people need it, "
        "so please vote if you do.",
        "We'd like to see more demand before we commit budget. Share this with colleagues who have the same problem.",
    ),
    "Planned": (
        "This is on the roadmap for next quarter. We'll contact {department} to help test it.",
        "Planned: the change fits into the {service} work already scheduled. We'll post here when it starts.",
        "Good news: budget approved. Planned for the first quarter, with a pilot in {department} first.",
    ),
    "In progress": (
        "Work has started. A pilot group is testing it now; we'll widen it once the feedback is in.",
        "In progress: the vendor is configuring it this month, and we'll share a short guide before it goes live.",
        "We're building this now. If you'd like to join the pilot, say so in a comment.",
    ),
    "Shipped": (
        "This is live. You'll find it in {service}; the short guide is on the intranet. Thanks to everyone "
        "who voted and commented.",
        "Shipped! It's available to everyone from today. Tell us here if something doesn't work as expected.",
        "Done: rolled out to all sites this week. Thanks to {department} for testing it.",
    ),
    "Declined": (
        "We won't do this for now: the licence cost is out of proportion to the benefit, and {service} covers "
        "most of the need. We'll reopen it if that changes.",
        "Declined: this would put customer data in a tool that doesn't meet our security requirements. We've "
        "suggested an alternative in the comments.",
        "Not something IT will take on this year; it's better solved by a change to the process, which we've "
        "passed to the process owner.",
    ),
    "Answered": (
        "Answered in the comments below: in short, yes, within the limits in the IT policy.",
        "Good question. The answer is now on the intranet's IT FAQ page, and we've linked it in the comments.",
        "Answered: the short answer is no, for security reasons, but there is an approved alternative; see "
        "the comments.",
    ),
}

EMPLOYEE_COMMENTS: tuple[str, ...] = (
    "+1. In {department} we lose about an hour a week to this.",
    "Same problem here. Our workaround is a shared spreadsheet, which is always out of date.",
    "**Yes please.** This would help us at month-end especially.",
    "Would this also work on the shop-floor tablets?",
    "We tried a free tool for this last year. The problem was that nobody outside the team could see it.",
    "Agreed, as long as it works with the logins we already have. Please no new password.",
    "Our customers ask about this too.",
    "Happy to give numbers for {department}: about 15 people would use this every day.",
    "For context, the current process is:\n\n1. fill in the form\n2. email it to the service desk\n3. wait\n\n"
    "Steps 2 and 3 are the problem.",
    "Is there an update on this?",
    "I'd vote twice if I could.",
    "Not sure this is a good idea: another tool means another login. Could {service} do it instead?",
    "Could this be piloted in {department} first? We'd volunteer.",
    "This came up again in our team meeting today; three people asked me about it.",
    "It's not only {department}: our colleagues at the other site have the same issue.",
    "The workaround works, but it takes *ages* and breaks if you miss a step.",
    "We had exactly this at my last company and it made a real difference.",
    "Please keep it simple. A 40-page manual for this would defeat the point.",
    "Important for us because of the audit in spring.",
    "I raised a ticket about this in March and it was closed without a fix.",
    "How much would this cost? If it's licences per user, maybe only the heavy users need it.",
    "Adding a screenshot of the error would help: it says *session expired* every time.",
    "Strong +1 from the night shift.",
    "We do this by hand every Friday. Two hours, every Friday.",
    "> the current process is slow\n\nThat's an understatement.",
    "Would be great if it also sent a reminder the day before.",
    "Good idea, but please think about people without a company phone.",
    "Any chance of a timeline?",
    "Thanks for picking this up!",
    "This would save our customers time too, not only us.",
)

PM_COMMENTS: tuple[str, ...] = (
    "Thanks for raising this. We're collecting examples from other teams: if this affects you, vote and add "
    "a comment with how often it happens.",
    "**From IT:** the current contract for {service} includes this feature. We're checking why it isn't switched on.",
    "Quick update: we've spoken to the vendor and they're looking at it. More in two weeks.",
    "Some background: we looked at this two years ago and the cost was too high. Prices have come down, so "
    "we're looking again.",
    "For anyone waiting: there's a workaround. Save the file to your team site and share the link instead. "
    "Not perfect, but it works today.",
    "We'd like two or three volunteers from {department} to try an early version. Reply here if you're interested.",
    "Thanks, everyone. The examples here made the case for the budget.",
    "Could you say a bit more about when this happens? Time of day and which site would help us find it.",
)

NOTES: tuple[str, ...] = (
    "Talked to the vendor: this is an extra module, about 4 per user per month. Check with Finance before "
    "promising anything.",
    "Same request came in through the service desk three times this quarter.",
    "Depends on the directory clean-up; don't schedule before that is done.",
    "{department} head is keen, and would co-fund a pilot.",
    "Security review needed before we commit. Asked the security lead for a slot.",
    "Overlaps with the {service} roadmap item for next year; consider folding it in.",
    "Low effort: a configuration change, no new licences. Good quick win.",
    "Watch out: the last attempt at this failed because nobody owned the process. Need a business owner.",
)

# fmt: off
HIDDEN: tuple[tuple[str, str], ...] = (
    ("Honestly the real problem is that a certain person in the dispatch office never answers their phone. "
     "Everyone knows who I mean.",
     "Names a colleague; please raise concerns about a person with their manager or HR."),
    ("Until this is fixed you can use my login: the password is on the sticky note under the keyboard in "
     "room 2.14.",
     "Shared a password. Never share logins; the service desk can help you get your own access."),
)
# fmt: on


# Where ideas end up, by how old they are: (status, weight) for ideas younger than 10 days,
# younger than 60 days, and older.
FATES: tuple[tuple[int, tuple[tuple[str, int], ...]], ...] = (
    (10, (("New", 92), ("Under review", 8))),
    (60, (("New", 52), ("Under review", 22), ("Needs more votes", 6), ("Planned", 10), ("Declined", 6),
          ("In progress", 4))),
    (10_000, (("New", 22), ("Under review", 12), ("Needs more votes", 6), ("Planned", 14), ("In progress", 11),
              ("Shipped", 20), ("Declined", 15))),
)  # fmt: skip

# The statuses an idea passes through to reach each one.
PATHS: dict[str, tuple[str, ...]] = {
    "New": (),
    "Under review": ("Under review",),
    "Needs more votes": ("Under review", "Needs more votes"),
    "Planned": ("Under review", "Planned"),
    "In progress": ("Under review", "Planned", "In progress"),
    "Shipped": ("Under review", "Planned", "In progress", "Shipped"),
    "Declined": ("Under review", "Declined"),
    "Answered": ("Answered",),
}


# How many ideas the lists above make, and how many of them were merged.
IDEA_COUNT = len(IDEAS) + sum(len(members) for members, _ in DUPLICATES) + len(PRIVATE_IDEAS) + len(EMPLOYEE_IDEAS)
MERGED_COUNT = sum(count for _, count in DUPLICATES)
