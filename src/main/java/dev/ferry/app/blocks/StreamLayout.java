package dev.ferry.app.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.domain.eventfile.FileListEntry;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where things live inside an export stream (one source's accumulated exports):
 * <pre>
 * file-list.jsonl                      every committed Event File of the stream (the commit point)
 * events/&lt;fileId&gt;.jsonl               Event Files
 * binaries/&lt;sha256&gt;                   Binary Files
 * state/&lt;dataType&gt;/&lt;sequence&gt;.jsonl   primary key and content hash of every row after that export
 * state/&lt;dataType&gt;/&lt;sequence&gt;.p&lt;n&gt;.jsonl  its continuation in the n-th invocation of an export
 * export-checkpoint.json               where an export that ran out of time continues (while one is under way)
 * file-lists/&lt;movementId&gt;/&lt;label&gt;.jsonl   the File List of one label, as sent to importers
 * </pre>
 */
public final class StreamLayout {
    public static final String FILE_LIST = "file-list.jsonl";
    public static final String CHECKPOINT = "export-checkpoint.json";
    /** Column of the state index holding a row's content hash, after the key columns. */
    public static final String HASH_COLUMN = "ferry_row_hash";

    private StreamLayout() {
    }

    public static String eventFile(String fileId) {
        return "events/" + fileId + ".jsonl";
    }

    public static String state(String dataType, long sequence) {
        return "state/" + dataType + "/" + String.format("%09d", sequence) + ".jsonl";
    }

    /** The n-th part of an export's state index: the first is {@link #state}, each later invocation adds one. */
    public static String statePart(String dataType, long sequence, int part) {
        return part == 1 ? state(dataType, sequence)
                : "state/" + dataType + "/" + String.format("%09d", sequence) + ".p" + part + ".jsonl";
    }

    /** Every part of an export's state index present in the stream. */
    public static List<String> stateParts(BlobStore stream, String dataType, long sequence) {
        String first = state(dataType, sequence);
        String more = "state/" + dataType + "/" + String.format("%09d", sequence) + ".p";
        return stream.list("state/" + dataType).stream().filter(n -> n.equals(first) || n.startsWith(more)).toList();
    }

    public static String labelFileList(String movementId, String label) {
        return "file-lists/" + movementId + "/" + label + ".jsonl";
    }

    /** The last export sequence committed for the data type, if any. */
    public static OptionalLong lastSequence(List<FileListEntry> entries, String dataType) {
        return entries.stream().filter(e -> e.dataType().equals(dataType)).mapToLong(FileListEntry::sequence).max();
    }
}
