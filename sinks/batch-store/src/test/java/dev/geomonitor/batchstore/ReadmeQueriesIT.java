package dev.geomonitor.batchstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@code sql} block of README.md runs and returns rows on the sample site, so the documented
 * queries work.
 */
@ExtendWith(PostgresExtension.class)
class ReadmeQueriesIT {
  private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyQueryInTheReadmeRunsAndReturnsRows(BatchStoreConfig config) throws IOException {
    // Given
    BatchStore store = new BatchStore(config);
    SampleSite.load(store);
    List<String> queries = new ArrayList<>();
    Matcher m = SQL_BLOCK.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    while (m.find()) {
      queries.add(m.group(1).trim().replaceAll(";$", ""));
    }

    // Then
    assertThat(queries).hasSizeGreaterThanOrEqualTo(7);
    for (String query : queries) {
      assertThat(Tables.rows(store.dataSource(), query)).as(query).isNotEmpty();
    }
  }
}
