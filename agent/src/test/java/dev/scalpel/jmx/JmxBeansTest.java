package dev.scalpel.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.engine.PatchStatus;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

final class JmxBeansTest {

  private final List<PatchStatus> patches = new ArrayList<>();
  private final List<List<String>> rollbacks = new ArrayList<>();

  private final JmxBeans.Source source = new JmxBeans.Source() {
    @Override
    public String version() {
      return "9.9";
    }

    @Override
    public Optional<String[]> manifest() {
      return Optional.of(new String[] {"/etc/scalpel/hotfix.yaml", "ab"});
    }

    @Override
    public List<PatchStatus> status() {
      return List.copyOf(patches);
    }

    @Override
    public String rollback(List<String> ids) {
      rollbacks.add(ids);
      return "ok\n";
    }
  };

  @Test
  void sync_exposesAgentAndPatches_andFollowsTheManifest() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    patches.add(new PatchStatus("P-1", "active", "a.B#m(int)", null, 5L, 1L, 2L, 3L, null));
    patches.add(new PatchStatus("P-2", "failed", "a.B#n()", "no such method", null, null, null, null, null));
    JmxBeans beans = new JmxBeans(source);
    beans.sync();

    ObjectName agent = new ObjectName("dev.scalpel:type=Agent");
    assertThat(server.getAttribute(agent, "Version")).isEqualTo("9.9");
    assertThat(server.getAttribute(agent, "ManifestPath")).isEqualTo("/etc/scalpel/hotfix.yaml");
    assertThat((String[]) server.getAttribute(agent, "PatchIds")).containsExactly("P-1", "P-2");
    ObjectName p1 = new ObjectName("dev.scalpel:type=Patch,id=\"P-1\"");
    assertThat(server.getAttribute(p1, "State")).isEqualTo("active");
    assertThat(server.getAttribute(p1, "CallsFixed")).isEqualTo(5L);
    assertThat(server.getAttribute(p1, "CallsOriginal")).isEqualTo(1L);
    assertThat(server.getAttribute(p1, "ErrorsFixed")).isEqualTo(2L);
    assertThat(server.getAttribute(p1, "ErrorsGuard")).isEqualTo(3L);
    ObjectName p2 = new ObjectName("dev.scalpel:type=Patch,id=\"P-2\"");
    assertThat(server.getAttribute(p2, "Failure")).isEqualTo("no such method");

    // Counters off: null, as status --json shows it, under the same open type as a count.
    for (String count : List.of("CallsFixed", "CallsOriginal", "ErrorsFixed", "ErrorsGuard")) {
      assertThat(server.getAttribute(p2, count)).as(count).isNull();
      MBeanAttributeInfo info = Arrays.stream(server.getMBeanInfo(p2).getAttributes())
          .filter(a -> a.getName().equals(count)).findFirst().orElseThrow();
      assertThat(info.getDescriptor().getFieldValue("openType")).as(count).isEqualTo(SimpleType.LONG);
    }

    assertThat(server.invoke(p1, "rollback", null, null)).isEqualTo("ok\n");
    assertThat(server.invoke(agent, "rollbackAll", null, null)).isEqualTo("ok\n");
    assertThat(rollbacks).containsExactly(List.of("P-1"), List.of("*"));

    patches.remove(0);
    beans.sync();
    assertThat(server.isRegistered(p1)).isFalse();
    assertThat(server.isRegistered(p2)).isTrue();

    // The safety net's notifications come from the Agent bean, the patch id as user data.
    List<javax.management.Notification> heard = new ArrayList<>();
    server.addNotificationListener(agent, (n, handback) -> heard.add(n), null, null);
    beans.notify(JmxBeans.TRIPPED, "P-2", "patch 'P-2' tripped: error rate 21.5% over 412 calls > 2%");
    assertThat(heard).singleElement().satisfies(n -> {
      assertThat(n.getType()).isEqualTo("dev.scalpel.patch.tripped");
      assertThat(n.getUserData()).isEqualTo("P-2");
      assertThat(n.getMessage()).isEqualTo("patch 'P-2' tripped: error rate 21.5% over 412 calls > 2%");
    });
    assertThat(server.getMBeanInfo(agent).getNotifications()).singleElement()
        .satisfies(info -> assertThat(info.getNotifTypes()).containsExactly(JmxBeans.TRIPPED, JmxBeans.PROGRESSED));
    server.unregisterMBean(p2);
    server.unregisterMBean(agent);
  }
}
