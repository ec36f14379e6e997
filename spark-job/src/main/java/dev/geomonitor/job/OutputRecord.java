package dev.geomonitor.job;

import dev.geomonitor.batchstore.CopyLine;
import java.io.Serializable;

/**
 * One row leaving a streaming query: a record for an output topic (already serialized as the domain
 * record's JSON, keyed {@code instrument:borehole_number}, and rendered as its PostgreSQL table's
 * COPY line, both on the executors) or, for {@link Kind#TALLY}, the number of raw records one Spark
 * partition read, so the batch writer can account for every input (or, from the stateful operator,
 * how many published readings lay beyond their series' horizon).
 */
public class OutputRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a row carries; the name is stored in the row. */
  public enum Kind {
    READING,
    ALERT,
    REJECT,
    AGGREGATE,
    TALLY
  }

  private String kind;
  private String key;
  private String json;
  private long tally;
  private long beyondHorizon;
  private String copyKey;
  private String copyLine;
  private long fetchedAtMillis;
  private String sourceTopic;
  private int sourcePartition;
  private long sourceOffset;

  public OutputRecord() {}

  /**
   * Names the raw record a reading or an alert came from, so a row PostgreSQL refuses can be
   * dead-lettered by it.
   */
  OutputRecord from(ReadingRow source) {
    sourceTopic = source.getTopic();
    sourcePartition = source.getPartition();
    sourceOffset = source.getOffset();
    return this;
  }

  public static OutputRecord of(Kind kind, String key, String json) {
    OutputRecord r = new OutputRecord();
    r.kind = kind.name();
    r.key = key;
    r.json = json;
    return r;
  }

  /** A record with its PostgreSQL row rendered ahead ({@link CopyLine}). */
  public static OutputRecord of(Kind kind, String key, String json, CopyLine row) {
    OutputRecord r = of(kind, key, json);
    r.copyKey = row.key();
    r.copyLine = row.line();
    return r;
  }

  /** The rendered PostgreSQL row; null for a record built without one. */
  public CopyLine copyLineOf() {
    return copyLine == null ? null : new CopyLine(copyKey, copyLine);
  }

  public static OutputRecord tally(long rowsRead) {
    OutputRecord r = new OutputRecord();
    r.kind = Kind.TALLY.name();
    r.tally = rowsRead;
    return r;
  }

  /**
   * A tally of readings published beyond their series' horizon (counted in no window), for the
   * batch ledger.
   */
  public static OutputRecord beyondHorizon(long readings) {
    OutputRecord r = new OutputRecord();
    r.kind = Kind.TALLY.name();
    r.beyondHorizon = readings;
    return r;
  }

  public long getBeyondHorizon() {
    return beyondHorizon;
  }

  public void setBeyondHorizon(long beyondHorizon) {
    this.beyondHorizon = beyondHorizon;
  }

  public Kind kindOf() {
    return Kind.valueOf(kind);
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getJson() {
    return json;
  }

  public void setJson(String json) {
    this.json = json;
  }

  public String getCopyKey() {
    return copyKey;
  }

  public void setCopyKey(String copyKey) {
    this.copyKey = copyKey;
  }

  public String getCopyLine() {
    return copyLine;
  }

  public void setCopyLine(String copyLine) {
    this.copyLine = copyLine;
  }

  /**
   * For readings: when the producer fetched it (epoch ms), for the writer's freshness figure; 0
   * otherwise.
   */
  public long getFetchedAtMillis() {
    return fetchedAtMillis;
  }

  public void setFetchedAtMillis(long fetchedAtMillis) {
    this.fetchedAtMillis = fetchedAtMillis;
  }

  /**
   * The raw topic of the record this one came from; null for aggregates, dead letters and tallies.
   */
  public String getSourceTopic() {
    return sourceTopic;
  }

  public void setSourceTopic(String sourceTopic) {
    this.sourceTopic = sourceTopic;
  }

  public int getSourcePartition() {
    return sourcePartition;
  }

  public void setSourcePartition(int sourcePartition) {
    this.sourcePartition = sourcePartition;
  }

  public long getSourceOffset() {
    return sourceOffset;
  }

  public void setSourceOffset(long sourceOffset) {
    this.sourceOffset = sourceOffset;
  }

  public long getTally() {
    return tally;
  }

  public void setTally(long tally) {
    this.tally = tally;
  }
}
