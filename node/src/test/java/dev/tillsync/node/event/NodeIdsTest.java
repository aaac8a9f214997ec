package dev.tillsync.node.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeIdsTest {

    @Test
    void threeSegmentIdIsInvalid() {
        assertThat(NodeIds.isValid("uk-london/till-1/x")).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> NodeIds.requireValid("uk-london/till-1/x"))
                .withMessageContaining("has 3 segments").withMessageContaining("a till has no children");
    }

    @Test
    void rootIdIsNoStoreId() {
        assertThat(NodeIds.isValid("hq")).isTrue();
        assertThat(NodeIds.isValidStore("hq")).isFalse();
        assertThat(NodeIds.isValid("hq/till-1")).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> NodeIds.requireValidStore("hq"))
                .withMessage("store id: \"hq\" is the id of the root (expected: any other store id)");
    }

    @Test
    void storeIdHasNoSlash() {
        assertThat(NodeIds.isValidStore("uk-london")).isTrue();
        assertThat(NodeIds.isValidStore("uk-london/till-1")).isFalse();
    }

    @Test
    void folderNamesNeverCollide() {
        List<String> ids = List.of("a/till-1", "a_till-1", "United Kingdom", "United_Kingdom", "a/b", "a%2Fb");
        List<String> valid = ids.stream().filter(NodeIds::isValid).toList();

        List<String> folders = valid.stream().map(NodeIds::folderName).toList();

        assertThat(valid).hasSize(5);
        assertThat(folders).doesNotHaveDuplicates();
        assertThat(NodeIds.folderName("a/till-1")).isEqualTo("a%2Ftill-1");
        assertThat(NodeIds.folderName("United Kingdom")).isEqualTo("United%20Kingdom");
    }
}
