/*
 * ARX's side of benchmarks/privacy.bench.ts: the Adult search grid (9 QIs, k = 2, 10, 25 at 0 %,
 * 1 % and 10 % suppression, non-uniform entropy) and the two parity cases of issue #13, timed
 * warm (3 runs, then the median of -Dreps runs). Prints one JSON object per line.
 *
 * Maven Central is out of reach here; ARX builds with javac against the jars its repository
 * carries (lib/ant), with stubs for the three absent ones (pdfbox-app, hadoop-core), which the
 * anonymization never loads. See docs/privacy.md, "ARX parity", for the commands.
 */
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.deidentifier.arx.*;
import org.deidentifier.arx.AttributeType.Hierarchy;
import org.deidentifier.arx.criteria.*;
import org.deidentifier.arx.metric.Metric;

public class ArxBench {
    static final String DIR = "/work/shared/reference/adult/";
    static final String[] QI = {"sex", "age", "race", "marital-status", "education", "native-country", "workclass", "occupation", "salary-class"};

    static Data load(String sensitive) throws Exception {
        Data data = Data.create(DIR + "adult.csv", StandardCharsets.UTF_8, ';');
        for (String c : QI) {
            Hierarchy h = Hierarchy.create(DIR + "adult_hierarchy_" + c + ".csv", StandardCharsets.UTF_8, ';');
            if (c.equals(sensitive)) data.getDefinition().setAttributeType(c, AttributeType.SENSITIVE_ATTRIBUTE);
            else data.getDefinition().setAttributeType(c, h);
        }
        return data;
    }

    static ARXResult run(Data data, ARXConfiguration config) throws Exception {
        data.getHandle().release();
        return new ARXAnonymizer().anonymize(data, config);
    }

    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(System.getProperty("reps", "5"));
        if (!Boolean.getBoolean("skipParity")) // The two parity cases (ARX's TestAnonymizationTCloseness 6 and 0).
        {
            Data d = load("occupation");
            ARXConfiguration c = ARXConfiguration.create(0.0d, Metric.createPrecomputedEntropyMetric(0.1d, true));
            c.addPrivacyModel(new KAnonymity(5));
            c.addPrivacyModel(new HierarchicalDistanceTCloseness("occupation", 0.2d, Hierarchy.create(DIR + "adult_hierarchy_occupation.csv", StandardCharsets.UTF_8, ';')));
            ARXResult r = run(d, c);
            System.out.println("{\"parity\":\"hierarchical\",\"levels\":\"" + Arrays.toString(r.getGlobalOptimum().getTransformation()) + "\",\"loss\":\"" + r.getGlobalOptimum().getHighestScore() + "\"}");
            Data d2 = load("occupation");
            ARXConfiguration c2 = ARXConfiguration.create(0.04d, Metric.createDiscernabilityMetric(true));
            c2.addPrivacyModel(new KAnonymity(5));
            c2.addPrivacyModel(new EqualDistanceTCloseness("occupation", 0.2d));
            ARXResult r2 = run(d2, c2);
            System.out.println("{\"parity\":\"equal-dmstar\",\"levels\":\"" + Arrays.toString(r2.getGlobalOptimum().getTransformation()) + "\",\"loss\":\"" + r2.getGlobalOptimum().getHighestScore() + "\"}");
        }
        Data data = load(null);
        for (String ls : System.getProperty("limits", "0,0.01,0.1").split(",")) { double lim = Double.parseDouble(ls); {
            for (int k : new int[] {2, 10, 25}) {
                ARXConfiguration c = ARXConfiguration.create(lim, Metric.createPrecomputedEntropyMetric(0.1d, true));
                c.addPrivacyModel(new KAnonymity(k));
                ARXResult r = null;
                for (int i = 0; i < 3; i++) r = run(data, c);
                long[] ms = new long[reps];
                long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    r = run(data, c);
                    ms[i] = (System.nanoTime() - t0) / 1000;
                }
                long cpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1000 / reps;
                Arrays.sort(ms);
                int checked = 0;
                for (ARXLattice.ARXNode[] level : r.getLattice().getLevels()) for (ARXLattice.ARXNode n : level) if (n.isChecked()) checked++;
                System.out.println("{\"checked\":" + checked + ",\"k\":" + k + ",\"limit\":" + lim + ",\"medianMs\":" + (ms[reps / 2] / 1000.0) + ",\"minMs\":" + (ms[0] / 1000.0) + ",\"threadCpuMs\":" + (cpu / 1000.0)
                        + ",\"levels\":\"" + Arrays.toString(r.getGlobalOptimum().getTransformation()) + "\",\"loss\":\"" + r.getGlobalOptimum().getHighestScore() + "\"}");
            }
        }
        }
    }
}
