/* Cortex-M vector table and reset handler: initialises .data and .bss, enables the FPU
 * (when the build uses it; never on cores without one), fills the free RAM below the stack
 * with a pattern, runs static constructors, calls main and reports its return value as the
 * semihosting exit code. If main's stack reached the end of .bss (the lowest 16 words of
 * the pattern are not intact), the exit code is 4 instead: on a 16 KiB board a stack that
 * grows into the data would otherwise go unnoticed. Faults end the program with exit code 3 instead of locking
 * up QEMU. One file for ARMv6-M, ARMv7-M and ARMv8-M. Written in C because C++ may not call
 * main. */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack, end;
extern int main(void);
extern void __libc_init_array(void);

void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);
uint32_t langevin_stack_peak_bytes(void);

#define LANGEVIN_STACK_PATTERN 0x5AC3A55Cu

static void semihosting_exit(uint32_t code) {
  const uint32_t block[2] = {0x20026u /* ADP_Stopped_ApplicationExit */, code};
  register uint32_t r0 __asm__("r0") = 0x20u; /* SYS_EXIT_EXTENDED */
  register const uint32_t* r1 __asm__("r1") = block;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  for (;;) {
  }
}

static void semihosting_write0(const char* text) {
  register uint32_t r0 __asm__("r0") = 0x04u; /* SYS_WRITE0 */
  register const char* r1 __asm__("r1") = text;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
}

/* Deepest stack use so far (bytes below _estack): the highest word of the free RAM whose
 * pattern was overwritten. Valid after Reset_Handler painted the free RAM. */
uint32_t langevin_stack_peak_bytes(void) {
  const uint32_t* word = &end;
  while (word < &_estack && *word == LANGEVIN_STACK_PATTERN) ++word;
  return (uint32_t)((const char*)&_estack - (const char*)word);
}

/* True if the pattern still fills the 16 lowest words of the free RAM above .bss. */
static int lowest_words_intact(void) {
  const uint32_t* word = &end;
  for (int k = 0; k < 16; ++k) {
    if (word + k >= &_estack) break;
    if (word[k] != LANGEVIN_STACK_PATTERN) return 0;
  }
  return 1;
}

void Reset_Handler(void) {
  uint32_t* src = &_sidata;
  for (uint32_t* dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t* dst = &_sbss; dst < &_ebss;) *dst++ = 0u;
#if defined(__ARM_FP)
  /* CPACR: full access to coprocessors CP10 and CP11 (the FPU). */
  *(volatile uint32_t*)0xE000ED88u |= (0xFu << 20);
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
  {
    /* Paint the free RAM from the end of .bss up to just below this frame. */
    uint32_t* const top = (uint32_t*)__builtin_frame_address(0) - 16;
    for (uint32_t* dst = &end; dst < top;) *dst++ = LANGEVIN_STACK_PATTERN;
  }
  __libc_init_array();
  const int code = main();
  if (!lowest_words_intact()) {
    semihosting_write0("\n*** stack overflow: the stack reached the end of .bss ***\n");
    semihosting_exit(4u);
  }
  semihosting_exit((uint32_t)code);
}

void Default_Handler(void) {
  semihosting_write0("\n*** fault: unexpected exception on the target ***\n");
  semihosting_exit(3u);
}

typedef void (*vector)(void);

struct vector_table {
  uint32_t* initial_stack_pointer;
  vector handlers[15];
};

__attribute__((section(".isr_vector"), used)) const struct vector_table langevin_vector_table = {
    &_estack,
    {
        Reset_Handler,
        Default_Handler, /* NMI */
        Default_Handler, /* HardFault */
        Default_Handler, /* MemManage */
        Default_Handler, /* BusFault */
        Default_Handler, /* UsageFault */
        0, 0, 0, 0,
        Default_Handler, /* SVCall */
        Default_Handler, /* DebugMonitor */
        0,
        Default_Handler, /* PendSV */
        SysTick_Handler,
    },
};
