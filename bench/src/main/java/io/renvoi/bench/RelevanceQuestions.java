package io.renvoi.bench;

import java.util.List;

/**
 * The question sets of the relevance measurements: off-topic questions none of the corpora answers, the demo site's
 * questions and a visitor's questions of the demo site. Read by {@link RelevanceThresholdBenchmark} (cosines, in
 * process) and {@link DemoQuestionsCheck} (through the platform); written by hand, nothing else.
 */
final class RelevanceQuestions {
    private RelevanceQuestions() {}

    /** Questions none of the corpora answers. */
    static final List<String> OFF_TOPIC = List.of(
            "What is the capital of Australia?",
            "Who won the 1998 football World Cup?",
            "How do I reset my router password?",
            "How long should I bake a sourdough loaf?",
            "What is the airspeed velocity of an unladen swallow over the Pacific?",
            "How do I change a flat tyre on a bicycle?",
            "When did the Roman Empire fall?",
            "Who wrote Pride and Prejudice?",
            "What is the best way to learn the guitar?",
            "How many players are on a rugby union team?",
            "What time does the train to Vienna leave?",
            "How do I declare a generic method in Java?",
            "What is the exchange rate of the euro to the dollar?",
            "Where can I park near the town hall?",
            "How do I knit a scarf?",
            "What is the plot of Hamlet?",
            "Which planet has the most moons?",
            "How tall is the Eiffel Tower?",
            "What are the opening hours of the library on Sunday?",
            "How do I file my tax return online?",
            "Who painted the Mona Lisa?",
            "What is the rule for offside in football?",
            "How do I install Kafka on Ubuntu?",
            "What is a good recipe for lemon cake?",
            "What does a mortgage broker charge?",
            "How do I get a refund for a cancelled flight?",
            "What is the difference between a violin and a viola?",
            "How do I grow tomatoes on a balcony?",
            "What is the population of Tokyo?",
            "Who was the first person to walk on the moon?",
            "How do I write a cover letter?",
            "What is the speed limit on German motorways?",
            "How do glaciers form?",
            "When is the next solar eclipse?",
            "How do I clean a cast iron pan?",
            "Which chess opening is best for beginners?");
    /** Questions the demo site (demo/site) answers. */
    static final List<String> DEMO_QUESTIONS = List.of(
            "Who keeps the lighthouse?",
            "When was the Cape Averill light automated?",
            "How does a Fresnel lens work?",
            "What are the museum's opening hours?",
            "Fresnel",
            "Where can I buy tickets for the museum?",
            "What did the keepers eat?");
    /**
     * Questions a visitor of the demo site would ask, each answered by a sentence of its pages: written from the
     * pages (2026-12-08) before any was scored, as a check on the seven above, which set the rule.
     */
    static final List<String> VISITOR_QUESTIONS = List.of(
            "How much does a family ticket cost?",
            "How much is a ticket for an adult?",
            "Do children under five pay?",
            "When do the guided tours start?",
            "How many people can join a guided tour?",
            "Is the lantern gallery wheelchair accessible?",
            "Where can I park?",
            "How far is the museum from the harbour?",
            "Is the museum open in winter?",
            "When was the Cape Averill tower built?",
            "Who invented the Fresnel lens?",
            "Where was the first Fresnel lens installed?",
            "What was the Pharos of Alexandria?",
            "Why were lighthouse keepers called wickies?",
            "How often did supplies arrive at the lighthouse?",
            "How tall is the first-order lens on display?",
            "Who built the Eddystone Lighthouse tower of 1759?",
            "How many steps lead to the lantern gallery?");
}
