/*
 * Instruction classes with Capstone (classify.h).  Capstone's own groups
 * are uneven across architectures (AArch64's conditional branches are not
 * told apart from others), so each architecture has its rules here,
 * written against Capstone's instruction ids and operands.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "classify.h"

#include <capstone/capstone.h>
#include <glib.h>
#include <string.h>

#include "qemu-instr/qi.h"

typedef InsnClass (*Rules)(const cs_insn *insn);
typedef bool (*Traps)(unsigned int id);

static const struct Arch {
    const char *target;     /* as QEMU names it */
    cs_arch arch;
    cs_mode mode;
    Rules rules;
    Traps traps;
} *arch;

/* A direct transfer to @imm, or an indirect one when not @is_imm. */
static InsnClass transfer(unsigned int flags, bool is_imm, int64_t imm)
{
    InsnClass c = { .flags = QI_INSN_BRANCH | flags };
    if (is_imm) {
        c.has_target = true;
        c.target = (uint64_t)imm;
    } else {
        c.flags |= QI_INSN_INDIRECT;
    }
    return c;
}

static bool x86_in_group(const cs_insn *insn, uint8_t group)
{
    const cs_detail *d = insn->detail;
    return memchr(d->groups, group, d->groups_count) != NULL;
}

static InsnClass x86_rules(const cs_insn *insn)
{
    const cs_x86 *x86 = &insn->detail->x86;
    bool imm = x86->op_count == 1 && x86->operands[0].type == X86_OP_IMM;
    switch (insn->id) {
    case X86_INS_LJMP:     /* far: segment and offset, not an address */
        return transfer(0, false, 0);
    case X86_INS_LCALL:
        return transfer(QI_INSN_CALL, false, 0);
    case X86_INS_LOOP:     /* not in Capstone 4's jump group */
    case X86_INS_LOOPE:
    case X86_INS_LOOPNE:
    case X86_INS_JCXZ:
    case X86_INS_JECXZ:
    case X86_INS_JRCXZ:
        return transfer(QI_INSN_CONDITIONAL, imm, x86->operands[0].imm);
    case X86_INS_SYSCALL:
    case X86_INS_SYSENTER:
    case X86_INS_SYSRET:
    case X86_INS_SYSEXIT:
    case X86_INS_INT:
    case X86_INS_INT3:
    case X86_INS_INTO:
    case X86_INS_IRET:
    case X86_INS_IRETD:
    case X86_INS_IRETQ:
        return (InsnClass){ .flags = QI_INSN_BRANCH | QI_INSN_SYSTEM };
    default:
        break;
    }
    if (x86_in_group(insn, X86_GRP_CALL)) {
        return transfer(QI_INSN_CALL, imm, x86->operands[0].imm);
    }
    if (x86_in_group(insn, X86_GRP_RET)) {
        return transfer(QI_INSN_RETURN, false, 0);
    }
    if (x86_in_group(insn, X86_GRP_JUMP)) {
        /* Besides jmp, only the jcc instructions are left: conditional. */
        return transfer(insn->id == X86_INS_JMP ? 0 : QI_INSN_CONDITIONAL,
                        imm, x86->operands[0].imm);
    }
    return (InsnClass){ 0 };
}

static InsnClass arm64_rules(const cs_insn *insn)
{
    const cs_arm64 *a = &insn->detail->arm64;
    const cs_arm64_op *op = a->operands;
    switch (insn->id) {
    case ARM64_INS_B:
        return transfer(a->cc == ARM64_CC_INVALID || a->cc == ARM64_CC_AL ||
                                a->cc == ARM64_CC_NV
                            ? 0 : QI_INSN_CONDITIONAL,
                        true, op[0].imm);
    case ARM64_INS_BL:
        return transfer(QI_INSN_CALL, true, op[0].imm);
    case ARM64_INS_CBZ:
    case ARM64_INS_CBNZ:
        return transfer(QI_INSN_CONDITIONAL, true, op[1].imm);
    case ARM64_INS_TBZ:
    case ARM64_INS_TBNZ:
        return transfer(QI_INSN_CONDITIONAL, true, op[2].imm);
    case ARM64_INS_BR:
        return transfer(0, false, 0);
    case ARM64_INS_BLR:
        return transfer(QI_INSN_CALL, false, 0);
    case ARM64_INS_RET:
        return transfer(QI_INSN_RETURN, false, 0);
    case ARM64_INS_SVC:
    case ARM64_INS_HVC:
    case ARM64_INS_SMC:
    case ARM64_INS_BRK:
    case ARM64_INS_HLT:
    case ARM64_INS_ERET:
        return (InsnClass){ .flags = QI_INSN_BRANCH | QI_INSN_SYSTEM };
    default:
        return (InsnClass){ 0 };
    }
}

/* The exception of int3, int n, into, int1, syscall, sysenter: a trap. */
static bool x86_traps(unsigned int id)
{
    return id == X86_INS_INT3 || id == X86_INS_INT || id == X86_INS_INTO ||
           id == X86_INS_INT1 || id == X86_INS_SYSCALL ||
           id == X86_INS_SYSENTER;
}

/* svc, hvc, smc return after themselves (brk, udf: at themselves). */
static bool arm64_traps(unsigned int id)
{
    return id == ARM64_INS_SVC || id == ARM64_INS_HVC || id == ARM64_INS_SMC;
}

static const struct Arch arches[] = {
    { "x86_64", CS_ARCH_X86, CS_MODE_64, x86_rules, x86_traps },
    { "i386", CS_ARCH_X86, CS_MODE_32, x86_rules, x86_traps },
    { "aarch64", CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, arm64_rules,
      arm64_traps },
};

bool classify_set_target(const char *target_name)
{
    arch = NULL;
    for (size_t i = 0; target_name != NULL && i < G_N_ELEMENTS(arches); i++) {
        if (strcmp(arches[i].target, target_name) == 0 &&
            cs_support(arches[i].arch)) {
            arch = &arches[i];
        }
    }
    /*
     * Capstone sets its global tables up in its first cs_open(), without a
     * lock: do it now, before vCPU threads open their decoders.
     */
    csh handle;
    if (arch != NULL && cs_open(arch->arch, arch->mode, &handle) == CS_ERR_OK) {
        cs_close(&handle);
    }
    return arch != NULL;
}

bool classify_known(void)
{
    return arch != NULL;
}

/* This thread's decoder, opened on first use, closed when the thread ends. */
typedef struct Decoder {
    csh handle;
    const struct Arch *arch;
} Decoder;

static void decoder_free(gpointer data)
{
    Decoder *d = data;
    cs_close(&d->handle);
    g_free(d);
}

static GPrivate decoders = G_PRIVATE_INIT(decoder_free);

static Decoder *decoder(void)
{
    Decoder *d = g_private_get(&decoders);
    if (d != NULL && d->arch != arch) {
        g_private_replace(&decoders, NULL);
        d = NULL;
    }
    if (d == NULL) {
        d = g_new0(Decoder, 1);
        if (cs_open(arch->arch, arch->mode, &d->handle) != CS_ERR_OK) {
            g_free(d);
            return NULL;
        }
        cs_option(d->handle, CS_OPT_DETAIL, CS_OPT_ON);
        d->arch = arch;
        g_private_set(&decoders, d);
    }
    return d;
}

InsnClass classify(const void *bytes, size_t size, uint64_t vaddr)
{
    InsnClass c = { .flags = QI_INSN_UNKNOWN };
    Decoder *d = arch != NULL ? decoder() : NULL;
    cs_insn *insn = NULL;
    if (d != NULL && cs_disasm(d->handle, bytes, size, vaddr, 1, &insn) == 1) {
        if (insn->size == size) {
            c = d->arch->rules(insn);
        }
        cs_free(insn, 1);
    }
    return c;
}

bool classify_traps(const void *bytes, size_t size, uint64_t vaddr)
{
    bool traps = false;
    Decoder *d = arch != NULL ? decoder() : NULL;
    cs_insn *insn = NULL;
    if (d != NULL && cs_disasm(d->handle, bytes, size, vaddr, 1, &insn) == 1) {
        traps = insn->size == size && d->arch->traps(insn->id);
        cs_free(insn, 1);
    }
    return traps;
}

size_t classify_length(const void *bytes, size_t size, uint64_t vaddr)
{
    size_t length = 0;
    Decoder *d = arch != NULL ? decoder() : NULL;
    cs_insn *insn = NULL;
    if (d != NULL && cs_disasm(d->handle, bytes, size, vaddr, 1, &insn) == 1) {
        length = insn->size;
        cs_free(insn, 1);
    }
    return length;
}
