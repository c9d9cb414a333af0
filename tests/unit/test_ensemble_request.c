/* An ensemble as one call (parley_ensemble_result_init): the sweeps'
 * configurations and labels, the base forecast against a hand computation
 * of the weighted mean, the unperturbed replicates, and the located errors
 * of spec-file items (file and JSON path) that `parley ensemble` prints. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    parley_scenario s;
    parley_params params[2];
    parley_ensemble_spec spec;
    parley_ensemble_request req;
} fixture;

static void setup(fixture *fx) {
    memset(fx, 0, sizeof *fx);
    load_default(&fx->s);
    assert_int_equal(parley_params_init(&fx->params[0], parley_model_find("eu")), PARLEY_OK);
    assert_int_equal(parley_params_init(&fx->params[1], parley_model_find("mean")), PARLEY_OK);
    parley_ensemble_spec_init(&fx->spec);
    fx->req.scenario = &fx->s;
    fx->req.spec = &fx->spec;
    fx->req.spec_file = "spec.json";
    fx->req.params = fx->params;
    fx->req.n_params = 2;
    parley_ensemble_options_init(&fx->req.options);
    fx->req.options.seed = 11;
}

static void teardown(fixture *fx) {
    parley_ensemble_spec_destroy(&fx->spec);
    parley_params_destroy(&fx->params[0]);
    parley_params_destroy(&fx->params[1]);
    parley_scenario_destroy(&fx->s);
}

static int prepared;
static parley_status count_prepare(void *data, const parley_ensemble_result *res,
                                   parley_ensemble_options *o, parley_error *err) {
    (void)data;
    (void)o;
    (void)err;
    prepared = (int)res->configs.n;
    return PARLEY_OK;
}

/* Without noise every replicate is the base run: the summary's mean is the
 * base forecast, which for the compromise model is the weighted mean. */
static void test_unperturbed(void **state) {
    (void)state;
    fixture fx;
    setup(&fx);
    parley_error err;
    fx.spec.replicates = 5;
    fx.spec.no_noise = 1;
    assert_int_equal(parley_ensemble_spec_add_sweep(&fx.spec, "eu.q=0.5,1", &err), PARLEY_OK);
    assert_int_equal(parley_ensemble_options_share(&fx.req.options, 5, 0, 1), PARLEY_OK);
    fx.req.prepare = count_prepare;
    parley_ensemble_result res;
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_OK);
    assert_int_equal(res.stage, PARLEY_ENSEMBLE_STAGE_DONE);
    assert_int_equal(prepared, 3);
    assert_int_equal(res.configs.n, 3);
    assert_string_equal(res.configs.labels[0], "eu q=0.5");
    assert_string_equal(res.configs.labels[1], "eu q=1");
    assert_string_equal(res.configs.labels[2], "mean");
    assert_int_equal(res.nothing_perturbed, 1);
    assert_null(res.unchanged);
    for (size_t i = 0; i < fx.s.n_issues; ++i) {
        assert_close(res.base[i * 3 + 2], weighted_mean(&fx.s, i), 1e-12);
        for (size_t m = 0; m < 3; ++m) {
            parley_ensemble_stats st;
            parley_ensemble_stats_get(&res.summary, i, m, &st);
            assert_int_equal(st.n, 5);
            assert_close(st.mean, res.base[i * 3 + m], 1e-8);
        }
    }
    parley_ensemble_report r;
    const char *changes[] = {"--drop X"};
    parley_report_ensemble_result(&res, &fx.req, changes, 1, &r);
    assert_int_equal(r.n_configs, 3);
    assert_int_equal(r.replicates, 5);
    assert_int_equal(r.n_changes, 1);
    assert_ptr_equal(r.summary, &res.summary);
    assert_int_equal(r.n_experts, 0);
    parley_ensemble_result_destroy(&res);
    teardown(&fx);
}

/* A spec-file sweep naming an unselected model stops at the configurations
 * with the file and the sweep's JSON path (a data error); from the command
 * line (no where) the error is not located and names the item as typed. */
static void test_located_errors(void **state) {
    (void)state;
    fixture fx;
    setup(&fx);
    parley_error err;
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_spec_add_sweep(&fx.spec, "nbs.x=1,2", &err), PARLEY_OK);
    strcpy(fx.spec.sweeps[0].where, "$.sweeps[\"nbs.x\"]");
    parley_ensemble_result res;
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_EDATA);
    assert_int_equal(res.stage, PARLEY_ENSEMBLE_STAGE_CONFIGS);
    assert_int_equal(res.configs.bad_sweep, 0);
    assert_string_equal(err.file, "spec.json");
    assert_string_equal(err.path, "$.sweeps[\"nbs.x\"]");
    assert_string_equal(err.message, "model nbs is not selected (see --model)");
    parley_ensemble_result_destroy(&res);
    fx.spec.sweeps[0].where[0] = '\0'; /* as if typed: named, not located */
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_EINVAL);
    assert_string_equal(err.file, "");
    assert_string_equal(err.message, "sweep 'nbs.x=1,2': model nbs is not selected (see --model)");
    parley_ensemble_result_destroy(&res);
    teardown(&fx);

    /* a typed sweep's bad value and a shock no model takes: named as typed */
    setup(&fx);
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_spec_add_sweep(&fx.spec, "eu.q=0.5,7", &err), PARLEY_OK);
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_EINVAL);
    assert_int_equal(res.configs.bad_value, 1);
    assert_true(strncmp(err.message, "sweep 'eu.q=0.5,7': ", 20) == 0);
    assert_non_null(strstr(err.message, "not '7'"));
    parley_ensemble_result_destroy(&res);
    teardown(&fx);
    setup(&fx);
    fx.req.n_params = 1;
    parley_params_destroy(&fx.params[0]);
    fx.params[0] = fx.params[1]; /* mean only: no shock */
    fx.params[1] = (parley_params){0};
    fx.spec.has_shock = 1;
    fx.spec.shock = 0.25;
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_EUNSUPPORTED);
    assert_int_equal(res.stage, PARLEY_ENSEMBLE_STAGE_SHOCK);
    assert_true(strncmp(err.message, "shock: ", 7) == 0);
    parley_ensemble_result_destroy(&res);
    teardown(&fx);
    /* a bad shock: the value's own message, named once */
    setup(&fx);
    fx.spec.has_shock = 1;
    fx.spec.shock = 2;
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "shock must be a number from 0 to 1, not '2'");
    parley_ensemble_result_destroy(&res);
    teardown(&fx);

    /* a noise item naming no actor: the perturbation, item 1 */
    setup(&fx);
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_spec_add_noise(&fx.spec, "position=normal:0.1", &err),
                     PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_add_noise(&fx.spec, "Nobody.salience=normal:0.1", &err),
                     PARLEY_OK);
    strcpy(fx.spec.noise[1].where, "$.actors.Nobody");
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_EDATA);
    assert_int_equal(res.stage, PARLEY_ENSEMBLE_STAGE_PERTURBATION);
    assert_int_equal(res.bad_noise, 1);
    assert_string_equal(err.file, "spec.json");
    assert_string_equal(err.path, "$.actors.Nobody");
    parley_ensemble_result_destroy(&res);
    fx.spec.noise[1].where[0] = '\0';
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "noise: no actor named 'Nobody' in the scenario "
                                     "(actors: USA, China, Russia, DPRK, ROK, Japan)");
    parley_ensemble_result_destroy(&res);
    parley_ensemble_result_destroy(&res); /* safe twice */
    teardown(&fx);
}

/* A spec file under the command line: the command line's scalars win, the
 * file's seed stays, the file's noise items come first. */
static void test_spec_under(void **state) {
    (void)state;
    char path[] = "/tmp/parley_spec_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"replicates\": 7, \"seed\": 5, \"bins\": 4,\n"
          " \"noise\": {\"position\": {\"dist\": \"normal\", \"size\": 0.1}}}\n",
          f);
    fclose(f);
    parley_ensemble_spec sp;
    parley_ensemble_spec_init(&sp);
    sp.replicates = 9;
    sp.has_replicates = 1;
    parley_error err;
    assert_int_equal(parley_ensemble_spec_add_noise(&sp, "salience=uniform:0.2", &err), PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_read_under(&sp, path, &err), PARLEY_OK);
    assert_int_equal(sp.replicates, 9);
    assert_int_equal(sp.bins, 4);
    assert_int_equal(sp.has_seed, 1);
    assert_int_equal(sp.seed, 5);
    assert_int_equal(sp.n_noise, 2);
    assert_string_equal(sp.noise[0].where, "$.noise.position");
    assert_int_equal(sp.noise[0].field, PARLEY_FIELD_POSITION);
    assert_string_equal(sp.noise[1].where, "");
    assert_int_equal(sp.noise[1].field, PARLEY_FIELD_SALIENCE);
    /* a file that does not read leaves the spec as it was */
    remove(path);
    assert_int_equal(parley_ensemble_spec_read_under(&sp, path, &err), PARLEY_EIO);
    assert_int_equal(sp.n_noise, 2);
    parley_ensemble_spec_destroy(&sp);
}

/* Sweeps: one per parameter (aliases resolved), each value once; the
 * command line's sweep of a parameter replaces the file's, others stay. */
static void test_sweep_once(void **state) {
    (void)state;
    parley_ensemble_spec sp;
    parley_ensemble_spec_init(&sp);
    parley_error err;
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.q=0.5,1", &err), PARLEY_OK);
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.q=0.2", &err), PARLEY_EINVAL);
    assert_string_equal(err.message,
                        "sweep 'eu.q=0.2': eu.q is swept twice (give all its values in one sweep)");
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.t=0.5,0.50", &err), PARLEY_EINVAL);
    assert_string_equal(err.message, "sweep 'eu.t=0.5,0.50': the value 0.50 twice");
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "spatial.max-steps=5,6", &err), PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "spatial.Max_Steps=7", &err),
                     PARLEY_EINVAL);
    parley_ensemble_spec_destroy(&sp);

    /* the file sweeps eu.q and eu.t; the command line eu.q */
    char path[] = "/tmp/parley_spec_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"sweep\": {\"eu.q\": [0.5, 1], \"eu.t\": [0.25, 0.75]}}\n", f);
    fclose(f);
    parley_ensemble_spec_init(&sp);
    assert_int_equal(parley_ensemble_spec_add_sweep(&sp, "eu.q=0.2,0.3", &err), PARLEY_OK);
    assert_int_equal(parley_ensemble_spec_read_under(&sp, path, &err), PARLEY_OK);
    assert_int_equal(sp.n_sweeps, 2);
    assert_string_equal(sp.sweeps[0].key, "t");
    assert_string_equal(sp.sweeps[1].key, "q");
    assert_int_equal(sp.sweeps[1].n_values, 2);
    assert_string_equal(sp.sweeps[1].values[0], "0.2");
    assert_string_equal(sp.sweeps[1].values[1], "0.3");
    parley_ensemble_spec_destroy(&sp);
    /* a file's value given twice */
    f = fopen(path, "w");
    fputs("{\"sweep\": {\"eu.q\": [0.5, 1, 0.5]}}\n", f);
    fclose(f);
    parley_ensemble_spec_init(&sp);
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_spec_read_under(&sp, path, &err), PARLEY_EDATA);
    assert_string_equal(err.message, "the value 0.5 twice");
    parley_ensemble_spec_destroy(&sp);
    remove(path);
}

/* A sweep of eu.shock wins over the spec's shock for eu (as a sweep of
 * rounds wins over --rounds); mean has no shock and is left alone. */
static void test_shock_sweep_wins(void **state) {
    (void)state;
    fixture fx;
    setup(&fx);
    parley_error err;
    parley_error_clear(&err);
    fx.spec.replicates = 2;
    fx.spec.has_shock = 1;
    fx.spec.shock = 0.2;
    assert_int_equal(parley_ensemble_spec_add_sweep(&fx.spec, "eu.shock=0.1,0.3", &err), PARLEY_OK);
    assert_int_equal(parley_ensemble_options_share(&fx.req.options, 2, 0, 1), PARLEY_OK);
    parley_ensemble_result res;
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_OK);
    assert_int_equal(res.configs.n, 3);
    const char *want[] = {"shock=0.1", "shock=0.3"};
    for (size_t m = 0; m < 2; ++m) {
        parley_buf b;
        parley_buf_init(&b);
        assert_int_equal(parley_params_describe(&res.configs.params[m], &b), PARLEY_OK);
        assert_non_null(strstr(b.data, want[m]));
        assert_null(strstr(b.data, "shock=0.2"));
        parley_buf_destroy(&b);
    }
    parley_ensemble_result_destroy(&res);
    /* without the sweep the shock reaches eu */
    parley_ensemble_spec_destroy(&fx.spec);
    parley_ensemble_spec_init(&fx.spec);
    fx.spec.replicates = 2;
    fx.spec.has_shock = 1;
    fx.spec.shock = 0.2;
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_OK);
    parley_buf b;
    parley_buf_init(&b);
    assert_int_equal(parley_params_describe(&res.configs.params[0], &b), PARLEY_OK);
    assert_non_null(strstr(b.data, "shock=0.2"));
    parley_buf_destroy(&b);
    parley_ensemble_result_destroy(&res);
    teardown(&fx);
}

/* The rows written while the ensemble runs: committed on success (a header
 * and one line per replicate, issue and configuration, counted here);
 * a file that cannot be opened stops before the replicates, names itself
 * and leaves nothing behind. */
static void test_rows(void **state) {
    (void)state;
    fixture fx;
    setup(&fx);
    parley_error err;
    parley_error_clear(&err);
    fx.spec.replicates = 3;
    fx.spec.no_noise = 1;
    assert_int_equal(parley_ensemble_options_share(&fx.req.options, 3, 0, 1), PARLEY_OK);
    char dir[] = "/tmp/parley-rows-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/rows.csv", dir);
    parley_ensemble_rows_file rf;
    parley_ensemble_result res;
    assert_int_equal(parley_ensemble_result_init_rows(&res, &fx.req, path, &rf, &err), PARLEY_OK);
    assert_null(rf.out);
    char *data = NULL;
    size_t size = 0, lines = 0;
    assert_int_equal(parley_read_file(path, &data, &size, &err), PARLEY_OK);
    assert_true(strncmp(data, "replicate,issue,model,forecast,dropped\r\n", 40) == 0);
    for (size_t k = 0; k < size; ++k)
        lines += data[k] == '\n';
    assert_int_equal(lines, 1 + 3 * fx.s.n_issues * 2);
    free(data);
    unlink(path);
    parley_ensemble_result_destroy(&res);

    /* a share of the replicates (one process of several): refused */
    assert_int_equal(parley_ensemble_options_share(&fx.req.options, 3, 1, 2), PARLEY_OK);
    assert_int_equal(parley_ensemble_result_init_rows(&res, &fx.req, path, &rf, &err),
                     PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "single process"));
    assert_int_equal(access(path, F_OK), -1);
    parley_ensemble_result_destroy(&res);
    assert_int_equal(parley_ensemble_options_share(&fx.req.options, 3, 0, 1), PARLEY_OK);

    snprintf(path, sizeof path, "%s/missing/rows.csv", dir);
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_result_init_rows(&res, &fx.req, path, &rf, &err), PARLEY_EIO);
    assert_int_equal(res.stage, PARLEY_ENSEMBLE_STAGE_PREPARE);
    assert_non_null(strstr(err.file, "rows.csv"));
    assert_int_equal(access(path, F_OK), -1);
    parley_ensemble_result_destroy(&res);
    rmdir(dir);
    teardown(&fx);
}

/* Experts' codings with a what-if change: refused before any work (each
 * replicate draws its own table; there is none to change), as the CLI
 * refuses --experts with --set or --drop; the rows file is not made. */
static void test_experts_with_changes(void **state) {
    (void)state;
    fixture fx;
    setup(&fx);
    parley_experts ex;
    memset(&ex, 0, sizeof ex); /* refused before it is read */
    parley_scenario orig;
    assert_int_equal(parley_scenario_copy(&orig, &fx.s), PARLEY_OK);
    fx.req.experts = &ex;
    fx.req.unchanged = &orig;
    fx.spec.replicates = 2;
    assert_int_equal(parley_ensemble_options_share(&fx.req.options, 2, 0, 1), PARLEY_OK);
    parley_error err;
    parley_error_clear(&err);
    parley_ensemble_result res;
    assert_int_equal(parley_ensemble_result_init(&res, &fx.req, &err), PARLEY_EINVAL);
    assert_int_equal(err.status, PARLEY_EINVAL);
    assert_int_equal(res.stage, PARLEY_ENSEMBLE_STAGE_CONFIGS);
    assert_string_equal(err.message,
                        "experts does not combine with set or drop (a request with unchanged): "
                        "each replicate draws its table from the experts' codings");
    assert_int_equal(res.configs.n, 0);
    parley_ensemble_result_destroy(&res);

    char dir[] = "/tmp/parley-rows-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/rows.csv", dir);
    parley_ensemble_rows_file rf;
    parley_error_clear(&err);
    assert_int_equal(parley_ensemble_result_init_rows(&res, &fx.req, path, &rf, &err),
                     PARLEY_EINVAL);
    assert_non_null(strstr(err.message, "experts does not combine with set or drop"));
    assert_int_equal(access(path, F_OK), -1);
    parley_ensemble_result_destroy(&res);
    rmdir(dir);
    parley_scenario_destroy(&orig);
    teardown(&fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_unperturbed),
                                       cmocka_unit_test(test_located_errors),
                                       cmocka_unit_test(test_spec_under),
                                       cmocka_unit_test(test_sweep_once),
                                       cmocka_unit_test(test_rows),
                                       cmocka_unit_test(test_shock_sweep_wins),
                                       cmocka_unit_test(test_experts_with_changes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
