/* rulesdir: where the shipped rules (and checklist.yaml) are found at run time. */
#ifndef AIREADY_RULESDIR_H
#define AIREADY_RULESDIR_H

/* In order: $AIREADY_RULES; <exe>/../share/aiready/rules (installed);
 * <exe>/../rules (the build tree: build/aiready); ./rules. Returns a malloc'd path to a
 * folder holding checklist.yaml, or NULL. */
char *rulesdir_find(void);

#endif
