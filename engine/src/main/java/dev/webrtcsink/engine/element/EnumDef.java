package dev.webrtcsink.engine.element;

import com.sun.jna.Memory;
import dev.webrtcsink.engine.natives.GObjectLib;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A GEnum type defined from Java, e.g. {@code GstWebRTCSinkCongestionControl}. Immutable; registered with GLib on
 * first use. In Java, enum property values are the members' nicks.
 */
public final class EnumDef {
    /** One member: numeric value, C-style name and the nick used in pipeline strings. */
    public record Member(int value, String name, String nick) {
        public Member {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(nick, "nick");
        }
    }

    private final String typeName;
    private final List<Member> members;
    private long gtype;
    /** GLib keeps pointers into the GEnumValue array and its strings for ever: never free them. */
    private final List<Memory> nativeMemory = new ArrayList<>();

    private EnumDef(String typeName, List<Member> members) {
        this.typeName = typeName;
        this.members = List.copyOf(members);
    }

    public static Builder builder(String typeName) {
        return new Builder(typeName);
    }

    public String typeName() {
        return typeName;
    }

    public List<Member> members() {
        return members;
    }

    /** The member with this nick or name, if any. */
    public Optional<Member> member(String nickOrName) {
        return members.stream().filter(m -> m.nick().equals(nickOrName) || m.name().equals(nickOrName)).findFirst();
    }

    public Optional<Member> member(int value) {
        return members.stream().filter(m -> m.value() == value).findFirst();
    }

    /** Registers the type with GLib on first call (or finds it if registered already) and returns its GType. */
    public synchronized long gtype() {
        if (gtype != 0) {
            return gtype;
        }
        long existing = GObjectLib.LIB.g_type_from_name(typeName);
        if (existing != 0) {
            gtype = existing;
            return gtype;
        }
        // GEnumValue { gint value; const gchar *value_name; const gchar *value_nick; } = 24 bytes, zero-terminated
        Memory values = new Memory(24L * (members.size() + 1));
        values.clear();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            values.setInt(24L * i, m.value());
            values.setPointer(24L * i + 8, cString(m.name()));
            values.setPointer(24L * i + 16, cString(m.nick()));
        }
        nativeMemory.add(values);
        gtype = GObjectLib.LIB.g_enum_register_static(typeName, values);
        if (gtype == 0) {
            throw new IllegalStateException("could not register enum " + typeName);
        }
        return gtype;
    }

    private Memory cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        nativeMemory.add(m);
        return m;
    }

    public static final class Builder {
        private final String typeName;
        private final List<Member> members = new ArrayList<>();

        private Builder(String typeName) {
            this.typeName = Objects.requireNonNull(typeName, "typeName");
        }

        public Builder member(int value, String name, String nick) {
            if (members.stream().anyMatch(m -> m.value() == value || m.nick().equals(nick))) {
                throw new IllegalArgumentException("duplicate enum member " + value + "/" + nick + " in " + typeName);
            }
            members.add(new Member(value, name, nick));
            return this;
        }

        public EnumDef build() {
            if (members.isEmpty()) {
                throw new IllegalStateException("enum " + typeName + " has no members");
            }
            return new EnumDef(typeName, members);
        }
    }
}
