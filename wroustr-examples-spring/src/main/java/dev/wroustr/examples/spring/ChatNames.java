package dev.wroustr.examples.spring;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Who joined under which name, by uuid: a bean like any other, injected into the routes. */
@Component
public class ChatNames {
    private final Map<String, String> names = new ConcurrentHashMap<>();

    void join(String uuid, String name) {
        names.put(uuid, name);
    }

    String nameOf(String uuid) {
        return names.get(uuid);
    }

    void leave(String uuid) {
        names.remove(uuid);
    }

    /** The names, sorted. */
    String all() {
        return String.join(", ", new TreeSet<>(names.values()));
    }

    int count() {
        return names.size();
    }
}
