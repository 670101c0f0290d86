package io.renvoi.tritonlocal;

/** Prompts in query-service's format, shared by the tests. */
final class Prompts {
    private Prompts() {}

    static String build(String question) {
        return "You answer questions using only the passages below.\n"
                + "Cite every claim with its passage number like [1].\n"
                + "If the passages do not answer the question, say you don't know.\n"
                + "\n"
                + "Passages:\n"
                + "[1] (Photosynthesis) Plants convert sunlight, water and carbon dioxide into glucose.\n"
                + "Oxygen is released as a by-product of this process.\n"
                + "[2] (Eiffel Tower) The Eiffel Tower is located in Paris, France. It was completed in 1889\n"
                + "for the World's Fair and is about 330 metres tall.\n"
                + "[3] (Rust) Rust is a systems programming language focused on memory safety.\n"
                + "Its borrow checker prevents data races at compile time.\n"
                + "\n"
                + "Question: " + question + "\n"
                + "Answer:\n";
    }
}
