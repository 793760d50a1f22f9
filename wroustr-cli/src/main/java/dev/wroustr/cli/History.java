package dev.wroustr.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines typed in one {@code connect} session, for {@code !!} (the last one) and {@code !N}
 * (the N-th, from 1). Kept in memory only; holds at most {@value #LIMIT} lines.
 */
final class History {
    static final int LIMIT = 1000;
    private final List<String> lines = new ArrayList<>();
    private int dropped;

    /**
     * What {@code line} stands for: the line itself, or the history entry it names.
     *
     * @throws IllegalArgumentException naming the reference, if there is no such entry
     */
    String expand(String line) {
        if (line.equals("!!")) {
            if (lines.isEmpty()) throw new IllegalArgumentException("!!: nothing sent yet");
            return lines.get(lines.size() - 1);
        }
        if (line.length() > 1 && line.charAt(0) == '!' && line.chars().skip(1).allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(line.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(line + ": no such entry");
            }
            int index = n - 1 - dropped;
            if (index < 0 || index >= lines.size()) throw new IllegalArgumentException(line + ": no such entry");
            return lines.get(index);
        }
        return line;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    void add(String line) {
        if (lines.size() == LIMIT) {
            lines.remove(0);
            dropped++;
        }
        lines.add(line);
    }

    /** Numbered lines, as {@code !N} refers to them. */
    List<String> numbered() {
        List<String> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) out.add(String.format("%4d  %s", i + 1 + dropped, lines.get(i)));
        return out;
    }
}
