package io.renvoi.tritonlocal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the prompt query-service builds:
 * <pre>
 * &lt;instruction lines...&gt;
 *
 * Passages:
 * [1] (Title One) passage text possibly spanning
 * several lines
 * [2] (Title Two) another passage
 *
 * Question: &lt;question text&gt;
 * Answer:
 * </pre>
 * A passage starts at a line beginning with {@code [n] }, an optional {@code (title)} right after, and ends
 * at the next passage line or the {@code Question:} line. Lines before {@code Passages:} are ignored (when
 * there is no {@code Passages:} line, passage lines are read from the top). The question runs from
 * {@code Question:} to the {@code Answer:} line.
 */
final class PromptParser {
    private static final Pattern PASSAGE = Pattern.compile("^\\[(\\d+)]\\s+(?:\\(([^)]*)\\)\\s*)?(.*)$");

    /** One numbered passage. */
    record Passage(int number, String title, String text) {}

    /** The parsed prompt; question is empty when there is none. */
    record Parsed(List<Passage> passages, String question) {}

    private PromptParser() {}

    static Parsed parse(String prompt) {
        String[] lines = prompt.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].trim().equals("Passages:")) {
                start = i + 1;
                break;
            }
        }
        List<Passage> passages = new ArrayList<>();
        StringBuilder question = null;
        Integer number = null;
        String title = null;
        StringBuilder text = null;
        for (int i = start; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.trim();
            if (question != null) {
                if (trimmed.startsWith("Answer:")) {
                    break;
                }
                question.append(' ').append(trimmed);
                continue;
            }
            if (trimmed.startsWith("Question:")) {
                if (number != null) {
                    passages.add(new Passage(number, title, text.toString().trim()));
                    number = null;
                }
                question = new StringBuilder(trimmed.substring("Question:".length()));
                continue;
            }
            Matcher m = PASSAGE.matcher(line);
            if (m.matches()) {
                if (number != null) {
                    passages.add(new Passage(number, title, text.toString().trim()));
                }
                number = Integer.parseInt(m.group(1));
                title = m.group(2);
                text = new StringBuilder(m.group(3).trim());
            } else if (number != null && !trimmed.isEmpty()) {
                text.append(' ').append(trimmed);
            }
        }
        if (number != null) {
            passages.add(new Passage(number, title, text.toString().trim()));
        }
        return new Parsed(
                passages, question == null ? "" : question.toString().trim().replaceAll("\\s+", " "));
    }
}
