using static PmOpsBot.Core.Classification.Dimension;

namespace PmOpsBot.Core.Classification;

/// <summary>
/// The phrases the text reader looks for, in priority order: a phrase matched earlier claims its
/// words, so "no end date" is read once as open-ended and never again as a date, and "weekly
/// release" is a rhythm, not a launch.
/// </summary>
public static class TextCueLexicon
{
    private const string Month = @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private const string Period = @"(?:days?|weeks?|months?|sprints?|quarters?|years?)";
    private const string Count = @"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|a few|a couple of|several)";
    private const string Every = @"(?:every|each)\s+(?:single\s+|other\s+|second\s+|third\s+)?(?:day|morning|evening|night|week|weekday|weekend|month|quarter|year|shift|hour|minute|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|\d+\s+" + Period + ")";
    private const string Frequency = @"(?:hourly|daily|nightly|weekly|bi-?weekly|fortnightly|monthly|quarterly|annual|annually|yearly|regular|recurring|routine|" + Every + ")";

    private static readonly Dimension[] Open = [Nature, Timeframe];
    private static readonly Dimension[] Recurring = [Nature, Rhythm];

    public static IReadOnlyList<TextCue> Cues { get; } =
    [
        // --- negations and recurring events first: they claim words later cues would misread ---
        Ops(@"\b(?:no|without(?:\s+an?|\s+any)?|not\s+an?|there'?s\s+no|there\s+is\s+no|has\s+no|with\s+no)\s+(?:fixed\s+|real\s+|hard\s+|set\s+|defined\s+|clear\s+|planned\s+)?(?:end(?:\s+date|\s+point)?|deadline|finish(?:\s+line)?|go-?live|launch\s+date|expiry)\b", Open),
        Ops(@"\bnot\s+(?:just\s+)?(?:an?\s+)?(?:one-?off|one-?time|once-?off|temporary|time-?boxed|project)\b", Open),
        Ops(@"\b(?:never|doesn'?t|does\s+not|won'?t|will\s+not|wouldn'?t)\s+(?:really\s+)?(?:ends?|stops?|finish(?:es)?|go(?:es)?\s+away)\b", Open),
        Project(@"\bnot\s+(?:an?\s+)?(?:ongoing|continuous|permanent|routine|recurring|forever|bau|business\s+as\s+usual)\b", Open),
        Ops(Frequency + @"\s+(?:\w+\s+)?(?:deadlines?|releases?|launch(?:es)?|deploy(?:ment)?s?|cut-?offs?|close|closing|reports?|reporting|reviews?|updates?|newsletters?|campaigns?|builds?|audits?|counts?|payments?|payruns?|pay\s+runs?)\b", Recurring),
        // "... go live in April, after which the payroll team runs it": the running is what the work leaves
        // behind (operations at the end), not the work now; claimed here so it is not read as the work itself.
        Ops(@"\b(?:after\s+(?:that|which|launch|go-?live|it\s+goes\s+live)|then|once\s+(?:it'?s\s+|it\s+is\s+)?live)\b,?\s+[^.;:]*?\b(?:runs?|operates?|owns?|maintains?|takes?\s+(?:it\s+)?over|looks?\s+after)\b(?:\s+it)?(?:\s+day[- ]to[- ]day)?", EndResult),
        Ops(@"\brelease\s+train\b|\bstandard\s+changes?\b", Recurring),
        Ops(@"\b(?:launch|releas|publish|send|ship|post|deploy)\w*\s+(?:\w+\s+){0,4}?" + Every + @"\b", Recurring),
        Ops(@"\b" + Count + @"\s+(?:\w+\s+){0,2}?(?:times\s+)?(?:a|per|each)\s+(?:day|week|month|shift|quarter)\b", Recurring),
        Ops(@"\b(?:is|are|went|now|already|has\s+gone|have\s+gone|has\s+been|since\s+it\s+went)\s+live\b|\bnow\s+that\b|\b(?:migration|project|rollout|roll-out|launch|implementation|build)\s+(?:\w+\s+)?(?:wrapped\s+up|finished|completed|is\s+done|ended|closed)\b|\bonce\s+(?:it\s+is|it'?s)\s+(?:open|live|running)\b", Open),
        Ops(@"\bsince\s+(?:19|20)\d\d\b", Open),

        // --- recurrence and permanence ---
        Ops(Frequency + @"\b", Nature, Rhythm),
        Ops(@"\b(?:on-?going|continuous(?:ly)?|continual(?:ly)?|perpetual|permanent(?:ly)?|indefinite(?:ly)?|open-?ended|year-?round|all\s+year|forever|for\s+the\s+foreseeable\s+future|day[- ]to[- ]day|day\s+in,?\s+day\s+out|24/7|24x7|round[- ]the[- ]clock|around\s+the\s+clock|always-?on|business\s+as\s+usual|\bbau\b|month-?end|year-?end|every\s+time)\b", Open),
        Ops(@"\b(?:repeat(?:ed|edly|able|ing)?|recur(?:s|ring)?|again\s+and\s+again|over\s+and\s+over|cycles?|cyclical|seasonal|shifts?|rotas?|on-?call)\b", Rhythm, WorkStyle),

        // --- one-off, dated, bounded work ---
        Project(@"\b(?:one-?off|one-?time|once-?off|first-?ever|temporary|time-?boxed|short-?term|greenfield|from\s+scratch|pilot(?:ing)?|trial(?:ling|ing)?|legacy|proof\s+of\s+concept|poc|mvp|minimum\s+viable)\b", Nature, Scope),
        Project(@"\b(?:go(?:es|ing)?[- ]?live|launch\s+date|cut-?over|kick-?off|deadline|due\s+date|end\s+date|target\s+date|completion\s+date|hard\s+stop|finish\s+line)\b", Timeframe, Rhythm),
        Project(@"\b(?:by|until|till|before|in|from|for|starting|due|on|around|end\s+of|mid-?|early|late)\s+(?:early\s+|mid-?\s*|late\s+|the\s+end\s+of\s+)?" + Month + @"\b", Timeframe),
        Project(@"\b\d{1,2}(?:st|nd|rd|th)?\s+" + Month + @"\b|\b" + Month + @"\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b", Timeframe),
        Project(@"\b(?:by|before|in|during|for|until|end\s+of|start\s+of|within)\s+(?:the\s+)?(?:early\s+|mid-?\s*|late\s+)?(?:q[1-4]|h[12]|(?:19|20)\d\d|fy\s?\d\d|next\s+(?:week|month|quarter|year|spring|summer|autumn|fall|winter))\b|\bq[1-4]\b", Timeframe),
        Project(@"\b(?:in|within|over|for|takes?|taking|lasts?|lasting|about|roughly|around)\s+(?:the\s+next\s+|about\s+|roughly\s+|around\s+|under\s+)?" + Count + @"\s+" + Period + @"\b|\b" + Count + @"[- ](?:day|week|month|sprint|quarter|year)s?[- ](?:long\s+)?(?:\w+\s+)?(?:project|programme|program|effort|initiative|engagement|window|push|job)\b", Timeframe),
        Project(@"\bnext\s+(?:spring|summer|autumn|fall|winter|year|quarter)\b", Timeframe),
        Project(@"\bby\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(?:week|month|quarter|year|summer|term|season)|christmas|easter|the\s+holidays|year-?end|summer|spring|autumn|winter|next\s+\w+|then)\b", Timeframe),
        Project(@"\b(?:phase|stage|wave)\s+(?:one|two|three|1|2|3|i|ii)\b|\bmilestones?\b|\bsprints?\b|\bgantt\b|\btimeline\b|\broadmap\b", Rhythm, Scope),

        // --- changing something: what is being done to the business ---
        Project(@"\b(?:launch(?:es|ed|ing)?|roll(?:ing|ed)?[- ]?out|rollout|implement(?:s|ed|ing|ation)?|deploy(?:s|ed|ing)?|migrat(?:e|es|ed|ing|ion)|relocat(?:e|es|ed|ing|ion)|mov(?:e|es|ed|ing)\s+(?:\w+\s+){0,2}(?:to|into)\s+(?:a\s+|the\s+|our\s+)?new|replac(?:e|es|ed|ing|ement)|upgrad(?:e|es|ed|ing)|redesign(?:s|ed|ing)?|re-?engineer(?:ing)?|overhaul(?:s|ed|ing)?|revamp(?:s|ed|ing)?|rebuild(?:s|ing)?|rebrand(?:s|ed|ing)?|refurbish(?:es|ed|ing|ment)?|renovat(?:e|es|ed|ing|ion)|construct(?:s|ed|ing|ion)?|introduc(?:e|es|ed|ing)|set(?:ting)?\s+up|stand(?:ing)?\s+up\s+(?:a|the|our)|establish(?:es|ed|ing)?|consolidat(?:e|es|ed|ing|ion)|merg(?:e|es|ed|ing|er)|integrat(?:e|es|ed|ing|ion)|install(?:s|ed|ing|ation)?|adopt(?:s|ed|ing)?|digiti[sz](?:e|es|ed|ing|ation)|modernis(?:e|es|ed|ing|ation)|moderniz(?:e|es|ed|ing|ation)|transform(?:s|ed|ing|ation)?|convert(?:s|ed|ing)?|decommission(?:s|ed|ing)?|sunset(?:ting)?|open(?:ing)?\s+(?:a|our|the)\s+new|builds?\b|building\s+(?:a|an|the|our|new|\d+|two|three|four|five)|rewrit(?:e|es|ing)|fit(?:ting)?\s+out|mov(?:e|es|ed|ing)\s+(?:\w+\s+){0,3}from\s+\w+\s+to|open(?:s|ing)?\s+(?:a|an|our|the)\s+(?:second|third|another|first)|design(?:ing)?\s+(?:a|an|the|our|new)|develop(?:ing)?\s+(?:a|an|the|our|new)|creat(?:e|ing)\s+(?:a|an|the|our|new))\b", Nature, Objective, Focus),
        // A hand-over to a team that runs it: the work ends, its result becomes operations.
        Ops(@"\b(?:hand(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?(?:over|off)\s+to|hand(?:ed|ing)?\s+(?:it|them)\s+over|handover\s+to|(?:takes?|taking)\s+(?:it\s+|them\s+)?over)\b", EndResult),
        Project(@"\b(?:an?|this|the|our|one)\s+(?:\w+\s+)?project\b", Nature),
        Project(@"\bnew\s+(?:\w+\s+)?(?:system|tool|platform|office|offices|site|product|products|app|website|portal|crm|erp|warehouse|plant|store|branch|feature|service|headquarters|hq|process|facility|factory|clinic|campus|line|module|software|programme|curriculum|brand|market)\b", Nature, EndResult, Focus),
        Project(@"\b(?:innovat(?:e|ion|ive)|transformation|reinvent(?:ing)?|disrupt(?:ive)?|breakthrough|step\s+change|change\s+programme|change\s+program)\b", Focus),
        Project(@"\b(?:campaign|event|conference|summit|festival|hackathon|trade\s+show|offsite|wedding|fundraiser|gala|expansion|acquisition|audit\s+remediation|rfp|tender)\b", Nature, Scope),

        // --- how success is judged ---
        Project(@"\b(?:on\s+time|on\s+budget|within\s+budget|under\s+budget|over\s+budget|in\s+scope|on\s+schedule|behind\s+schedule|ahead\s+of\s+schedule|budget\s+of|fixed\s+budget|one-?off\s+budget|capex)\b", SuccessMeasure),
        Ops(@"\b(?:kpis?|slas?|service[- ]levels?|throughput|productivity|utili[sz]ation|turnaround|response\s+times?|resolution\s+times?|handling\s+times?|first[- ]call|first[- ]contact|csat|nps|customer\s+satisfaction|defect\s+rates?|error\s+rates?|accuracy|uptime|availability|on-?time\s+delivery|fill\s+rate|cycle\s+times?|cost\s+per|yield|scrap\s+rate|opex|run\s+costs?)\b", SuccessMeasure, Focus),

        // --- how the work is done ---
        Project(@"\b(?:prototyp(?:e|es|ing)|discovery|requirements|proof\s+of\s+value|experiment(?:s|ing|al)?|figure\s+out|iterat(?:e|ing|ions?)|unknowns?|uncertain(?:ty)?|scope\s+creep|vendor\s+selection|business\s+case)\b", WorkStyle, Risk),
        Ops(@"\b(?:sops?|standard\s+operating|procedures?|checklists?|runbooks?|playbooks?|standardi[sz]ed|templates?|work\s+instructions?|well-?established|established\s+process)\b", WorkStyle, Decisions),
        Project(@"\b(?:overruns?|slipp(?:ing|age)|delays?|dependenc(?:y|ies)|stakeholder\s+buy-?in|change\s+resistance|sign-?off|go/no-?go|go-no-go|stage[- ]gates?|steering\s+(?:group|committee)|sponsors?|blockers?|unblock(?:ing)?)\b", Risk, Decisions),
        Ops(@"\b(?:outages?|downtime|bottlenecks?|shortages?|stock-?outs?|backlogs?|defects?|breakdowns?|incidents?|disruptions?|late\s+payments?|missed\s+(?:shipments|deliveries|slas?|orders)|complian(?:ce|t)|regulator(?:y|s))\b", Risk, Focus),

        // --- who does it ---
        Project(@"\b(?:cross-?functional|task\s?force|working\s+group|tiger\s+team|contractors?|consultants?|consultancy|agency|seconded|secondment|project\s+team|temporary\s+team|borrowed\s+from|pulled\s+together)\b", Team),
        Ops(@"\b(?:(?:support|ops|operations|warehouse|finance|payroll|service|night|maintenance|facilities|production|plant|call\s+cent(?:er|re)|help\s?desk|front-?line|permanent|in-?house|shift|cleaning|kitchen|store|branch|field)\s+(?:team|staff|crew|agents?|workers?|operators?|technicians?|engineers?)|fixed\s+roles|same\s+team)\b", Team),

        // --- keeping things running ---
        Ops(@"\b(?:keep(?:s|ing)?\s+(?:\w+\s+){0,3}(?:running|going|working|up|on\s+track|moving|flowing|stocked|clean|safe|happy|paid|compliant)|keep(?:ing)?\s+the\s+lights\s+on|run(?:s|ning)?\s+smoothly|business\s+continuity|sustain(?:s|ed|ing)?|maintain(?:s|ed|ing)?|maintenance|upkeep|look(?:ing)?\s+after|day-?job)\b", Objective, EndResult),
        Ops(@"\b(?:continuous(?:ly)?\s+improv\w*|kaizen|lean|six\s+sigma|optimi[sz](?:e|es|ed|ing|ation)|streamlin(?:e|ing)|efficien(?:t|cy|cies)|stabil(?:e|ity|ise|ize|ising|izing)|consisten(?:t|cy)|reliab(?:le|ility)|predictab(?:le|ility)|quality\s+control|quality\s+assurance)\b", Focus, Objective),
        Ops(@"\boperat(?:e|es)\b|\boperating\s+(?:the|our|it)\b|\brun(?:s|ning)?\s+(?:it|them)\b", Nature, Objective),
        Ops(@"\b(?:run(?:s|ning)?|operat(?:e|es|ing)|handl(?:e|es|ing)|process(?:es|ing)?|answer(?:s|ing)?|monitor(?:s|ing)?|staff(?:s|ing)?|manag(?:e|es|ing))\s+(?:\w+\s+){0,2}(?:tickets?|calls?|queries|queue|orders?|invoices?|claims?|payroll|payments?|returns|shipments?|deliveries|requests?|enquiries|inquiries|admissions|bookings|the\s+(?:desk|line|plant|warehouse|store|shop|kitchen|service|centre|center|fleet|network|servers?|helpdesk)|our\s+(?:desk|line|plant|warehouse|store|shop|kitchen|service|fleet|network|servers?))\b", Nature, Objective),

        // --- business areas that are usually run rather than delivered (weak: a change verb wins) ---
        WeakOps(@"\b(?:payroll|customer\s+(?:support|service|care)|help\s?desk|service\s+desk|call\s+cent(?:er|re)|contact\s+cent(?:er|re)|manufactur\w*|production|assembly\s+line|logistics|supply\s+chain|warehous\w*|fulfil(?:l)?ment|dispatch|inventory|stock|procurement|purchasing|bookkeeping|accounts\s+payable|accounts\s+receivable|invoic\w*|billing|reconciliation|facilit(?:y|ies)\s+management|housekeeping|cleaning|security|patching|backups?|onboarding|recruit\w*|scheduling|rostering|triage|admissions|deliveries|shipping|returns)\b", Nature, Scope, EndResult),
        WeakOps(@"\b(?:whole|entire|all\s+(?:our\s+)?(?:customers|stores|sites|branches|staff|employees|orders|locations|departments)|company-?wide|organi[sz]ation-?wide|across\s+the\s+(?:company|business|organi[sz]ation|group)|department|function)\b", Scope),
        WeakProject(@"\b(?:improve|improvement|upgrade|fix|change|plan|deliver|delivery|deliverables?|handover|hand\s+(?:it\s+)?over|launch|project)\b", Nature, Objective),
    ];

    private static TextCue Project(string pattern, params Dimension[] dimensions) => new(pattern, Leaning.Project, weak: false, dimensions);

    private static TextCue Ops(string pattern, params Dimension[] dimensions) => new(pattern, Leaning.Operations, weak: false, dimensions);

    private static TextCue WeakOps(string pattern, params Dimension[] dimensions) => new(pattern, Leaning.Operations, weak: true, dimensions);

    private static TextCue WeakProject(string pattern, params Dimension[] dimensions) => new(pattern, Leaning.Project, weak: true, dimensions);
}
