package dev.webrtcsink.engine.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the web server's files come from: a directory on disk, or our built-in page on the classpath. Lookups take
 * a path already split into checked segments ({@link WebServer} refuses empty, {@code .} and {@code ..} segments
 * before asking), and never return directories.
 */
interface WebContent {

    /** A file to send: its bytes (opened on demand), size and Content-Type. */
    interface File {
        long size();

        String contentType();

        InputStream open() throws IOException;
    }

    /** The file at {@code segments} (empty list: the root's index), or empty. */
    Optional<File> find(List<String> segments) throws IOException;

    /** Whether {@code segments} names a directory (so the server can redirect "dir" to "dir/"). */
    boolean isDirectory(List<String> segments) throws IOException;

    /** Files under a directory. Symbolic links are followed only when their target stays inside the directory. */
    record Directory(Path root) implements WebContent {
        public Directory {
            root = root.toAbsolutePath().normalize();
        }

        @Override
        public Optional<File> find(List<String> segments) throws IOException {
            Path path = resolve(segments);
            if (path != null && Files.isDirectory(path)) {
                path = inside(path.resolve("index.html"));
            }
            if (path == null || !Files.isRegularFile(path)) {
                return Optional.empty();
            }
            Path file = path;
            long size = Files.size(file);
            String type = ContentTypes.of(file.getFileName().toString());
            return Optional.of(new File() {
                @Override public long size() { return size; }
                @Override public String contentType() { return type; }
                @Override public InputStream open() throws IOException { return Files.newInputStream(file); }
            });
        }

        @Override
        public boolean isDirectory(List<String> segments) throws IOException {
            Path path = resolve(segments);
            return path != null && Files.isDirectory(path);
        }

        /** The real path of {@code segments}, or null when missing or (through links) outside the root. */
        private Path resolve(List<String> segments) throws IOException {
            Path path = root;
            for (String s : segments) {
                path = path.resolve(s);
            }
            return inside(path);
        }

        private Path inside(Path path) throws IOException {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
                return null;
            }
            Path real;
            try {
                real = path.toRealPath();
            } catch (java.nio.file.NoSuchFileException dangling) {
                return null;
            }
            return real.startsWith(root.toRealPath()) ? real : null;
        }
    }

    /** Resources under a classpath folder (our built-in page and the gstwebrtc-api bundle copied at build time). */
    record Classpath(ClassLoader loader, String folder) implements WebContent {
        @Override
        public Optional<File> find(List<String> segments) throws IOException {
            String name = segments.isEmpty() ? "index.html" : String.join("/", segments);
            URL url = loader.getResource(folder + "/" + name);
            if (url == null) {
                return Optional.empty();
            }
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false); // otherwise a jar stays open (and locked) for the life of the JVM
            if (isDirectory(url, connection)) {
                return Optional.empty();
            }
            long size = connection.getContentLengthLong();
            String type = ContentTypes.of(name);
            return Optional.of(new File() {
                @Override public long size() { return size; }
                @Override public String contentType() { return type; }
                @Override public InputStream open() throws IOException { return connection.getInputStream(); }
            });
        }

        @Override
        public boolean isDirectory(List<String> segments) {
            return false; // the built-in page has no sub-pages
        }

        private static boolean isDirectory(URL url, URLConnection connection) throws IOException {
            if (connection instanceof JarURLConnection jar) {
                return jar.getJarEntry() == null || jar.getJarEntry().isDirectory();
            }
            if ("file".equals(url.getProtocol())) {
                try {
                    return !Files.isRegularFile(Path.of(url.toURI()));
                } catch (java.net.URISyntaxException e) {
                    return true;
                }
            }
            return false;
        }
    }
}
