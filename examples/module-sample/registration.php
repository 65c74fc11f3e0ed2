<?php
/**
 * Copyright (c) 2026 commerceops.api contributors
 * See LICENSE.txt for license details (MIT).
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'ExampleVendor_Sample', __DIR__);
