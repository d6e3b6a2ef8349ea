namespace FibroStore.Editorial.Data.Demo;

internal sealed record DemoArticle(
    string Slug, string Title, string Category, string Author, string Excerpt, string[] Tags,
    string Markdown, string References, (string Author, string Text, int? Parent)[] Replies);

/// <summary>Demo articles written for this project. They describe research in general terms and cite it by name.</summary>
internal static class DemoArticles
{
    public static readonly (string Slug, string Name, string Description)[] Categories =
    [
        ("understanding-fibromyalgia", "Understanding fibromyalgia", "What fibromyalgia is, how it is diagnosed and why it hurts."),
        ("research", "Research", "What recent studies suggest, explained calmly and without hype."),
        ("movement", "Movement", "Gentle ways to move more when moving hurts."),
        ("sleep-and-rest", "Sleep and rest", "Why sleep is hard with fibromyalgia, and what helps."),
        ("everyday-life", "Everyday life", "Pacing, fibro fog, work and appointments."),
        ("mind-and-mood", "Mind and mood", "Stress, low mood and the talking therapies."),
    ];

    public static readonly IReadOnlyList<DemoArticle> All =
    [
        new("how-fibromyalgia-is-diagnosed", "How fibromyalgia is diagnosed today", "understanding-fibromyalgia", "Ruth Ellison",
            "No blood test or scan shows fibromyalgia. Here is how doctors reach the diagnosis, and why the old tender-point exam was retired.",
            ["Diagnosis", "Doctors"],
            """
            For many people the road to a diagnosis is long. Knowing how doctors decide can make the conversation easier.

            ## No single test

            There is no blood test or scan that shows fibromyalgia. Tests are still useful: they rule out other conditions that can look similar, such as an underactive thyroid, anaemia or inflammatory arthritis.

            ## From tender points to symptom scores

            The older approach pressed on 18 points of the body and counted the painful ones. It was dropped because it missed people whose pain moved around, and it ignored fatigue, sleep and thinking problems.

            Today's criteria ask about two things instead:

            - **Widespread pain**: how many areas of the body have hurt in the past week.
            - **Symptom severity**: how tiring days are, how refreshing sleep is, and how much trouble there is with memory and concentration.

            | | Older approach | Current approach |
            | --- | --- | --- |
            | How pain is measured | Pressing 18 tender points | Asking about painful body areas |
            | Fatigue and sleep | Not counted | Part of the score |
            | Thinking problems | Not counted | Part of the score |
            | Other diagnoses present | Often excluded fibromyalgia | Fibromyalgia can exist alongside them |

            ## What this means for you

            1. Keep a simple note of where it hurts and how you sleep for a couple of weeks before your appointment.
            2. Mention fatigue and fog as well as pain: they now count.
            3. Ask which other conditions have been ruled out, and how.

            A diagnosis does not cure anything, but many people say it was the moment they stopped doubting themselves.
            """,
            """
            Wolfe F, Clauw DJ, Fitzcharles MA, et al. The American College of Rheumatology preliminary diagnostic criteria for fibromyalgia and measurement of symptom severity. *Arthritis Care & Research*, 2010.
            Wolfe F, Clauw DJ, Fitzcharles MA, et al. 2016 revisions to the 2010/2011 fibromyalgia diagnostic criteria. *Seminars in Arthritis and Rheumatism*, 2016.
            Clauw DJ. Fibromyalgia: a clinical review. *JAMA*, 2014.
            """,
            [("Maggie", "The table helped me so much. My GP still talked about tender points last year.", null),
             ("Ruth Ellison", "Thank you, Maggie. It might be worth bringing a printout: the newer criteria are easy to show.", 0)]),

        new("what-central-sensitisation-means", "What \"central sensitisation\" means, in plain words", "understanding-fibromyalgia", "Ruth Ellison",
            "The phrase comes up in almost every appointment. A calm explanation of the volume knob in the nervous system.",
            ["Pain science", "Nervous system"],
            """
            If you have fibromyalgia, someone has probably told you your nervous system is "sensitised". It sounds vague. It is actually a useful idea.

            ## A volume knob for pain

            Pain is not measured at the skin. Signals travel to the spinal cord and brain, which decide how loud to make them. In central sensitisation that volume is turned up: ordinary touch, pressure or warmth can register as pain, and pain can spread beyond where it started.

            ## It is real, not imagined

            Brain imaging studies have shown that people with fibromyalgia process pressure differently, with more activity in pain-related areas at the same pressure. Sensitisation describes a change in how the nervous system works, not a judgement about anyone's character.

            ## Signs that the volume is up

            - Pain in many places, changing from day to day
            - Sensitivity to light, noise or smells
            - Pain from clothing, hugs or a cold breeze
            - Poor sleep and tiredness that rest does not fix

            ## Why it matters for treatment

            If the volume control is the problem, treatments that calm the nervous system make sense: regular gentle movement, better sleep, pacing, and some medicines that act on pain signalling. Simple painkillers aimed at inflamed tissue often help less.
            """,
            """
            Woolf CJ. Central sensitization: implications for the diagnosis and treatment of pain. *Pain*, 2011.
            Clauw DJ. Fibromyalgia: a clinical review. *JAMA*, 2014.
            """,
            [("Tom", "The volume knob picture is the first explanation my family understood.", null)]),

        new("immune-system-and-fibromyalgia", "Does an overactive immune system play a role in fibromyalgia?", "research", "Dr Sam Okafor",
            "Recent studies have renewed interest in the immune system. What they found, what they did not, and what it means for you today.",
            ["Immune system", "Research", "Pain science"],
            """
            For years fibromyalgia was described as a condition without inflammation. A handful of recent studies suggest the immune system may still be part of the story.

            ## What researchers found

            In one widely discussed study, antibodies taken from people with fibromyalgia were given to mice. The mice became more sensitive to pressure and cold, and the effect faded as the antibodies cleared. Antibodies from healthy volunteers did not have this effect.

            Other work has found changes in small nerve fibres in the skin of some people with fibromyalgia, and slightly different patterns of immune messengers in the blood.

            ## How strong is the evidence?

            | Line of evidence | What it suggests | How settled it is |
            | --- | --- | --- |
            | Antibody transfer in mice | Something in the blood can pass on pain sensitivity | Early: needs repeating in larger studies |
            | Small fibre changes | Nerves in the skin are affected in some people | Found in several studies, not in everyone |
            | Immune messengers in blood | Low-level immune activity may differ | Mixed results between studies |

            ## What it does not mean

            - Fibromyalgia is **not** shown to be an autoimmune disease like lupus or rheumatoid arthritis.
            - Immune-suppressing medicines are **not** an established treatment for fibromyalgia.
            - None of this replaces what already helps: movement, sleep, pacing and support.

            ## Looking ahead

            If the immune findings hold up, they may lead to new tests or treatments for some people. For now they offer something valuable in itself: more evidence that fibromyalgia has a biological basis.

            > Research moves slowly, and that is a good thing: findings that last are findings that were checked.
            """,
            """
            Goebel A, Krock E, Gentry C, et al. Passive transfer of fibromyalgia symptoms from patients to mice. *Journal of Clinical Investigation*, 2021.
            Üçeyler N, Zeller D, Kahn AK, et al. Small fibre pathology in patients with fibromyalgia syndrome. *Brain*, 2013.
            Clauw DJ. Fibromyalgia: a clinical review. *JAMA*, 2014.
            """,
            [("Jenny", "Thank you for not overselling this. I have seen so many headlines promising a cure.", null),
             ("Dr Sam Okafor", "That is exactly why we wrote it this way. We will update the article when larger studies report.", 0),
             ("Jenny", "Much appreciated.", 1),
             ("Paul", "Is there a test for the small fibre changes?", null)]),

        new("who-gets-fibromyalgia", "Who gets fibromyalgia?", "research", "Dr Sam Okafor",
            "Fibromyalgia is common, often runs in families and affects people of every age and background.",
            ["Research", "Families"],
            """
            Fibromyalgia is more common than many people think, and knowing that can be a relief in itself.

            ## How common it is

            Studies from many countries estimate that roughly 2 to 4 in every 100 adults live with fibromyalgia. It is diagnosed more often in women, though with the newer criteria the gap is smaller than it once seemed.

            ## Families

            Fibromyalgia often runs in families. Close relatives of someone with fibromyalgia are more likely to have it themselves, which suggests that genes play a part, alongside life events.

            ## Things that can come before it

            - A period of long-lasting stress
            - An illness or injury
            - Another pain condition, such as arthritis
            - Years of poor sleep

            None of these causes fibromyalgia on its own, and many people cannot point to any trigger at all.

            ## Why this matters

            If you feel alone with this, you are not. Support groups, online communities and sister sites exist because so many people share the experience.
            """,
            """
            Queiroz LP. Worldwide epidemiology of fibromyalgia. *Current Pain and Headache Reports*, 2013.
            Arnold LM, Hudson JI, Hess EV, et al. Family study of fibromyalgia. *Arthritis & Rheumatism*, 2004.
            """,
            []),

        new("gentle-movement-when-everything-hurts", "Gentle movement: starting when everything hurts", "movement", "Lena Marsh",
            "Exercise is the most consistently recommended treatment for fibromyalgia. Here is how to begin without paying for it for a week.",
            ["Exercise", "Pacing"],
            """
            "Try exercise" can sound like a cruel thing to say to someone in pain. Yet movement is the treatment most guidelines agree on. The secret is in how you start.

            ## Start lower than you think

            Pick an amount so small it feels almost silly: five minutes of walking, or a few gentle stretches. Do it on good days and bad days alike.

            ## Build slowly

            1. Keep the same amount for a week.
            2. If you felt no worse the next day, add a minute or two.
            3. If you had a flare, go back to the last amount that felt fine.

            ## Choose what you enjoy

            - Walking, on the flat at first
            - Cycling on a stationary bike
            - Swimming or exercise in warm water
            - Tai chi or gentle yoga

            ## What to expect

            Reviews of many trials suggest that regular aerobic exercise can modestly reduce pain and improve how people function day to day. The benefit comes slowly, over weeks, and fades if you stop. Small and regular beats big and rare.
            """,
            """
            Bidonde J, Busch AJ, Schachter CL, et al. Aerobic exercise training for adults with fibromyalgia. *Cochrane Database of Systematic Reviews*, 2017.
            Macfarlane GJ, Kronisch C, Dean LE, et al. EULAR revised recommendations for the management of fibromyalgia. *Annals of the Rheumatic Diseases*, 2017.
            """,
            [("Denise", "Five minutes felt silly, you are right. Eight weeks later I walk twenty.", null)]),

        new("tai-chi-and-fibromyalgia", "Tai chi and fibromyalgia: what the trials found", "movement", "Lena Marsh",
            "Slow, flowing movement has been tested in careful trials. The results were encouraging.",
            ["Exercise", "Tai chi", "Research"],
            """
            Tai chi combines slow movement, breathing and attention. It has been studied in fibromyalgia more carefully than most gentle exercises.

            ## What the trials did

            In one trial, people with fibromyalgia took twice-weekly tai chi classes for twelve weeks and were compared with people who took wellness education and stretching. A later, larger trial compared several tai chi schedules with aerobic exercise.

            ## What they found

            - Symptoms improved more in the tai chi groups than in the comparison groups.
            - Longer practice (more weeks) tended to help more.
            - In the larger trial, tai chi did at least as well as aerobic exercise.

            | | Tai chi | Aerobic exercise |
            | --- | --- | --- |
            | Intensity | Low | Moderate |
            | Equipment | None | Sometimes |
            | Good on a bad day | Often | Less often |

            ## Trying it

            Look for a beginners' class, or a video made for people with pain or arthritis. Sit down whenever you need to: many movements work from a chair.
            """,
            """
            Wang C, Schmid CH, Rones R, et al. A randomized trial of tai chi for fibromyalgia. *New England Journal of Medicine*, 2010.
            Wang C, Schmid CH, Fielding RA, et al. Effect of tai chi versus aerobic exercise for fibromyalgia: comparative effectiveness randomized controlled trial. *BMJ*, 2018.
            """,
            [("Kofi", "Our local class lets me do half of it sitting down. Nobody minds.", null),
             ("Lena Marsh", "That is lovely to hear, Kofi.", 0)]),

        new("exercise-in-warm-water", "Exercise in warm water", "movement", "Lena Marsh",
            "Warm water supports the body and eases stiff muscles. Many people find it the easiest way to start moving again.",
            ["Exercise", "Hydrotherapy"],
            """
            Water takes weight off painful joints, and warmth relaxes tight muscles. For many people with fibromyalgia, a warm pool is where movement first feels possible.

            ## What the research suggests

            Reviews of trials suggest that exercise in water can improve wellbeing, stiffness and physical function a little, much like exercise on land, and that many people find it easier to keep doing.

            ## Getting started

            - Ask whether your local pool has a warmer hydrotherapy session.
            - Begin with ten minutes of walking in the shallow end.
            - Add gentle arm circles and leg swings holding the side.
            - Get out before you feel tired, and keep warm afterwards.

            ## After the session

            Plan a quiet hour afterwards. Changing rooms, noise and the journey home take energy too, and count as part of the activity when you pace.
            """,
            """
            Bidonde J, Busch AJ, Webber SC, et al. Aquatic exercise training for fibromyalgia. *Cochrane Database of Systematic Reviews*, 2014.
            """,
            []),

        new("why-sleep-feels-unrefreshing", "Why sleep feels unrefreshing", "sleep-and-rest", "Priya Natarajan",
            "Waking up as tired as you went to bed is one of the hardest parts of fibromyalgia. What is known about why.",
            ["Sleep", "Pain science"],
            """
            Many people with fibromyalgia sleep for hours and still wake exhausted. This is so common that unrefreshing sleep is part of how the condition is diagnosed.

            ## Pain and sleep feed each other

            Poor sleep lowers the pain threshold the next day, and pain makes it harder to sleep deeply. Studies where healthy volunteers had their deep sleep disturbed found that they developed aches and tenderness within days.

            ## What happens during the night

            - Deep sleep is often lighter and more broken.
            - People wake more often, sometimes without remembering it.
            - Other sleep problems, such as sleep apnoea or restless legs, are common and treatable.

            ## What helps

            1. Ask your doctor whether another sleep disorder should be checked.
            2. Keep regular times for going to bed and getting up.
            3. Use a calm wind-down routine (see our article on pain nights).
            4. Be careful with daytime naps: short and early is best.
            """,
            """
            Choy EHS. The role of sleep in pain and fibromyalgia. *Nature Reviews Rheumatology*, 2015.
            Wolfe F, Clauw DJ, Fitzcharles MA, et al. 2016 revisions to the 2010/2011 fibromyalgia diagnostic criteria. *Seminars in Arthritis and Rheumatism*, 2016.
            """,
            [("Harriet", "I was checked for sleep apnoea after reading this. I had it. Treating it has helped more than anything.", null)]),

        new("a-wind-down-routine-for-pain-nights", "A wind-down routine for pain nights", "sleep-and-rest", "Priya Natarajan",
            "A gentle hour before bed that tells the body it is safe to rest.",
            ["Sleep", "Relaxation"],
            """
            Nights when pain is loud are the hardest to sleep through. A routine will not remove the pain, but it can make the evening calmer and sleep a little more likely.

            ## One hour before bed

            - Dim the lights and put screens away, or use night mode.
            - Take a warm shower or use a warm (not hot) heat pad on sore areas.
            - Do five minutes of slow breathing: in for four, out for six.

            ## In bed

            - Support painful joints with pillows: between the knees, under the arms.
            - If you cannot sleep after about twenty minutes, get up and do something quiet in low light, then try again.

            ## The next day

            Get daylight early, even for ten minutes, and keep the same getting-up time. A regular rhythm is one of the most reliable sleep helps we have.
            """,
            """
            Choy EHS. The role of sleep in pain and fibromyalgia. *Nature Reviews Rheumatology*, 2015.
            """,
            []),

        new("living-with-fibro-fog", "Living with fibro fog: practical strategies", "everyday-life", "Ruth Ellison",
            "Forgetting words, losing the thread, walking into a room and wondering why. Ways to work with fibro fog rather than against it.",
            ["Fibro fog", "Memory", "Pacing"],
            """
            Fibro fog is the name many people give to the thinking problems that come with fibromyalgia: trouble finding words, holding a thought, or concentrating for long.

            ## Why it happens

            Researchers think several things add up: pain competing for attention, poor sleep, fatigue, and sometimes the side effects of medicines. Fog often gets worse when pain or tiredness is worse.

            ## Strategies that help

            | Problem | Try this |
            | --- | --- |
            | Forgetting appointments | One calendar, with reminders set the day before and an hour before |
            | Losing things | A fixed "landing spot" for keys, glasses and phone |
            | Losing the thread | Write one line before you stop: "next I was going to…" |
            | Too many tabs open, in your head | One task at a time, and a list for the rest |
            | Word-finding | Describe the thing instead, and let it come back later |

            ## Be kind to yourself

            Fog is a symptom, not a failing. Many people find it lifts a little when sleep improves and when they pace their activity through the day.
            """,
            """
            Kravitz HM, Katz RS. Fibrofog and fibromyalgia: a narrative review and implications for clinical practice. *Rheumatology International*, 2015.
            """,
            [("Alice", "The \"next I was going to\" note has saved me many times at work.", null),
             ("Marco", "Same. I keep mine on a sticky note on the laptop.", 0)]),

        new("pacing-and-the-energy-envelope", "Pacing: living inside your energy envelope", "everyday-life", "Ruth Ellison",
            "Boom and bust is exhausting. Pacing is a way to spread energy so good days do not cost the week.",
            ["Pacing", "Fatigue"],
            """
            Many people with fibromyalgia know the pattern: a good day, doing everything at once, then several days in bed. Pacing is a way to break it.

            ## The idea

            Think of your energy as a budget. Pacing means spending it evenly, with rests planned in, rather than spending it all when you feel well.

            ## How to start

            1. For one week, note what you do and how you feel afterwards.
            2. Find your baseline: the amount you can do on a bad day without a flare.
            3. Break tasks into pieces, with short rests between them.
            4. Increase slowly, by about a tenth at a time.

            ## A sample day

            | Time | Activity | Rest |
            | --- | --- | --- |
            | Morning | Shower, breakfast | 15 minutes sitting |
            | Late morning | 20 minutes of tidying | 20 minutes lying down |
            | Afternoon | Short walk | Quiet time with music |
            | Evening | Cook a simple meal (sitting to chop) | Early wind-down |

            Pacing feels slow at first. Over weeks, many people find their baseline creeps up.
            """,
            """
            Macfarlane GJ, Kronisch C, Dean LE, et al. EULAR revised recommendations for the management of fibromyalgia. *Annals of the Rheumatic Diseases*, 2017.
            """,
            []),

        new("talking-therapies-and-fibromyalgia", "Talking therapies: what CBT can and cannot do", "mind-and-mood", "Priya Natarajan",
            "Being offered therapy for pain can feel like being told it is all in your head. It is not. Here is what the therapies aim to do.",
            ["CBT", "Mood", "Stress"],
            """
            Being referred for a talking therapy when you live with pain can feel dismissive. The reasons for it are practical.

            ## Why therapy for pain?

            Pain, sleep, mood and stress all affect one another. Cognitive behavioural therapy (CBT) and related approaches help with the parts we can change: how we plan activity, how we handle flares, and how worry and low mood add to the load.

            ## What the evidence suggests

            Reviews of trials suggest CBT can bring small improvements in pain, mood and disability, and that some of the benefit lasts after the course ends.

            ## What CBT is not

            - It is **not** a claim that the pain is imagined.
            - It is **not** about thinking positively all the time.
            - It is **not** a replacement for medical care.

            ## Other approaches

            - Acceptance and commitment therapy: living well alongside symptoms.
            - Mindfulness-based courses: noticing without fighting.
            - Pain management programmes that combine therapy, movement and education.
            """,
            """
            Bernardy K, Klose P, Busch AJ, et al. Cognitive behavioural therapies for fibromyalgia. *Cochrane Database of Systematic Reviews*, 2013.
            Macfarlane GJ, Kronisch C, Dean LE, et al. EULAR revised recommendations for the management of fibromyalgia. *Annals of the Rheumatic Diseases*, 2017.
            """,
            [("Sunita", "I was so defensive about CBT. The pacing part of it is what finally helped me.", null)]),

        new("preparing-for-a-doctors-appointment", "Preparing for a doctor's appointment", "everyday-life", "Dr Sam Okafor",
            "Ten minutes goes quickly, especially on a foggy day. A simple way to make the most of it.",
            ["Doctors", "Fibro fog"],
            """
            Appointments are short, and fibro fog makes it easy to forget what you meant to say. A little preparation helps you and your doctor.

            ## Before you go

            - Write down your three most important questions.
            - Note any changes since last time: new symptoms, flares, side effects.
            - Bring a list of every medicine and supplement you take.

            ## During the appointment

            1. Start with your most important question.
            2. Ask for the plan to be written down, or write it yourself.
            3. If a word escapes you, say so: it is part of the condition.

            ## Questions worth asking

            - "What else has been ruled out, and how?"
            - "What could I try that does not involve a new medicine?"
            - "When should I come back, and what should I watch for?"

            ## Bring someone

            A friend or relative can take notes and remember what was said. Many clinics are happy for them to join.
            """,
            """
            Macfarlane GJ, Kronisch C, Dean LE, et al. EULAR revised recommendations for the management of fibromyalgia. *Annals of the Rheumatic Diseases*, 2017.
            Clauw DJ. Fibromyalgia: a clinical review. *JAMA*, 2014.
            """,
            [("Gwen", "Printing my three questions has made every appointment calmer.", null)]),
    ];
}
