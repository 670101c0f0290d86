package io.renvoi.query.answer;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The chat markup around the prompt's two parts, the system instruction and the user message (passages and
 * question), for a model served by Triton's vLLM backend, which takes raw text and applies no chat template
 * itself. A layout is text with one {@code {system}} and one {@code {user}} placeholder. Presets:
 * {@code plain} (no markup: triton-local and base models), {@code llama3} (Llama 3.x Instruct),
 * {@code chatml} (Qwen 2.x and other ChatML models), {@code mistral} (Mistral / Mixtral Instruct, which have
 * no system role: the instruction opens the user turn) and {@code gemma} (Gemma 2/3 instruction-tuned, no
 * system role either). The presets leave out the beginning-of-sequence token ({@code <|begin_of_text|>},
 * {@code <s>}, {@code <bos>}): the backend's tokenizer adds it. Reads and writes nothing.
 */
public final class PromptTemplate {
    public static final String SYSTEM = "{system}";
    public static final String USER = "{user}";

    static final Map<String, String> PRESETS = Map.of(
            "plain", "{system}\n\n{user}",
            "llama3",
                    "<|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|>"
                            + "<|start_header_id|>user<|end_header_id|>\n\n{user}<|eot_id|>"
                            + "<|start_header_id|>assistant<|end_header_id|>\n\n",
            "chatml",
                    "<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n",
            "mistral", "[INST] {system}\n\n{user} [/INST]",
            "gemma", "<start_of_turn>user\n{system}\n\n{user}<end_of_turn>\n<start_of_turn>model\n");

    private final String name;
    private final String before;
    private final String between;
    private final String after;
    private final boolean systemFirst;

    private PromptTemplate(String name, String layout) {
        int s = layout.indexOf(SYSTEM);
        int u = layout.indexOf(USER);
        if (s < 0 || u < 0 || layout.indexOf(SYSTEM, s + 1) >= 0 || layout.indexOf(USER, u + 1) >= 0) {
            throw new IllegalArgumentException(
                    "prompt template '" + name + "' must contain " + SYSTEM + " and " + USER + " exactly once each");
        }
        this.name = name;
        this.systemFirst = s < u;
        int first = Math.min(s, u);
        int second = Math.max(s, u);
        this.before = layout.substring(0, first);
        this.between = layout.substring(first + (systemFirst ? SYSTEM : USER).length(), second);
        this.after = layout.substring(second + (systemFirst ? USER : SYSTEM).length());
    }

    /** A preset by name. */
    public static PromptTemplate preset(String format) {
        String key = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        String layout = PRESETS.get(key);
        if (layout == null) {
            throw new IllegalArgumentException("unknown prompt format '" + format + "'; one of "
                    + PRESETS.keySet().stream().sorted().toList());
        }
        return new PromptTemplate(key, layout);
    }

    /** The custom layout when one is configured, else the preset. */
    public static PromptTemplate of(String format, Optional<String> custom) {
        return custom.filter(t -> !t.isBlank())
                .map(t -> new PromptTemplate("custom", t))
                .orElseGet(() -> preset(format));
    }

    public String name() {
        return name;
    }

    /** The layout filled in; the parts are inserted as they are (the placeholders are not searched in them). */
    public String render(String system, String user) {
        return before + (systemFirst ? system : user) + between + (systemFirst ? user : system) + after;
    }
}
