/* The device binary of rt_kernels.c: on gecl a binary is OpenCL C source, each kernel a function
 * of it; a block is one work-item, its index get_global_id(0). */
__kernel void scale_add(__global const float *x, __global float *y, float alpha, int n)
{
    int i = (int)get_global_id(0);
    if (i < n) y[i] = alpha * x[i] + y[i];
}

/* out[i] = table[idx[i]]: the table comes from the launch arguments' placeholder data. */
__kernel void lookup(__global const int *table, __global const int *idx, __global int *out)
{
    int i = (int)get_global_id(0);
    out[i] = table[idx[i]];
}
